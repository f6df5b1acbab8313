package dev.portico.http;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The content codings a request accepts (RFC 9110 §12.5.3), as qualities from 0 to 1000 (a qvalue times 1000).
 *
 * <ul>
 *   <li>A coding named in the field has its own weight; one not named has the weight of {@code *} if present;
 *       otherwise only {@code identity} is acceptable (weight 1000), and every other coding is not (0).</li>
 *   <li>Codings are case-insensitive; {@code x-gzip} is {@code gzip} (§8.4.1.3).</li>
 *   <li>An element that is not {@code token [ OWS ";" OWS "q=" qvalue ]} is ignored, so a malformed field can only
 *       make fewer codings acceptable, never more; a coding named twice takes its lowest weight.</li>
 *   <li>No field at all: this server then sends no coding but identity (any coding would be acceptable by the RFC,
 *       but a client that sent no field may not be able to decode one; common servers agree).</li>
 * </ul>
 *
 * A pure function of the field's text: no I/O, no state, fuzzed by {@code AcceptEncodingFuzzTest}.
 */
public final class AcceptEncoding {
    public static final String IDENTITY = "identity";
    public static final String GZIP = "gzip";
    /** Most elements read from the field(s); the rest is ignored (the request head limit bounds it anyway). */
    private static final int MAX_ELEMENTS = 64;
    private static final int ABSENT = -1;

    private final String[] codings;
    private final int[] qualities;
    private final int count;
    private final int star;
    private final boolean present;

    private AcceptEncoding(String[] codings, int[] qualities, int count, int star, boolean present) {
        this.codings = codings;
        this.qualities = qualities;
        this.count = count;
        this.star = star;
        this.present = present;
    }

    /** @param fieldValues the values of every Accept-Encoding field of the request, in order; empty if none */
    public static AcceptEncoding parse(List<String> fieldValues) {
        String[] codings = new String[8];
        int[] qualities = new int[8];
        int count = 0;
        int star = ABSENT;
        for (String value : fieldValues) {
            int pos = 0;
            while (pos <= value.length() && count < MAX_ELEMENTS) {
                int comma = value.indexOf(',', pos);
                int end = comma < 0 ? value.length() : comma;
                String element = value.substring(pos, end);
                pos = end + 1;
                int semicolon = element.indexOf(';');
                String coding = trim(semicolon < 0 ? element : element.substring(0, semicolon));
                if (coding.isEmpty() || !(coding.equals("*") || CharClass.isToken(coding))) {
                    continue;  // "" is the empty list element of §5.6.1; anything else that is no token is junk
                }
                int quality = semicolon < 0 ? 1000 : weight(element.substring(semicolon + 1));
                if (quality < 0) {
                    continue;
                }
                coding = canonical(coding);
                if (coding.equals("*")) {
                    star = star == ABSENT ? quality : Math.min(star, quality);
                    continue;
                }
                int existing = indexOf(codings, count, coding);
                if (existing >= 0) {
                    qualities[existing] = Math.min(qualities[existing], quality);
                    continue;
                }
                if (count == codings.length) {
                    codings = Arrays.copyOf(codings, count * 2);
                    qualities = Arrays.copyOf(qualities, count * 2);
                }
                codings[count] = coding;
                qualities[count] = quality;
                count++;
            }
        }
        return new AcceptEncoding(codings, qualities, count, star, !fieldValues.isEmpty());
    }

    /** Whether the request had an Accept-Encoding field at all. */
    public boolean isPresent() {
        return present;
    }

    /** The weight of a coding, 0 (not acceptable) to 1000 (most preferred). */
    public int quality(String coding) {
        String name = canonical(coding);
        if (!present) {
            return name.equals(IDENTITY) ? 1000 : 0;
        }
        int index = indexOf(codings, count, name);
        if (index >= 0) {
            return qualities[index];
        }
        if (star != ABSENT) {
            return star;
        }
        return name.equals(IDENTITY) ? 1000 : 0;
    }

    /** Whether the response may be sent without a coding: identity is not excluded (by itself or by {@code *;q=0}). */
    public boolean acceptsIdentity() {
        return quality(IDENTITY) > 0;
    }

    /**
     * The coding to send among those the server can offer, in the server's order of preference (which breaks ties),
     * or null to send identity: a coding is chosen only if it is acceptable and weighs no less than identity.
     */
    public String select(List<String> offered) {
        int identity = quality(IDENTITY);
        String best = null;
        int bestQuality = 0;
        for (String coding : offered) {
            int q = quality(coding);
            if (q > bestQuality && q >= identity) {
                best = coding;
                bestQuality = q;
            }
        }
        return best;
    }

    /** {@code OWS "q=" qvalue OWS} (§12.4.2), as 0..1000; -1 if it is anything else. */
    private static int weight(String parameters) {
        String p = trim(parameters);
        if (p.length() < 3 || (p.charAt(0) != 'q' && p.charAt(0) != 'Q') || p.charAt(1) != '=') {
            return -1;
        }
        String q = p.substring(2);
        char first = q.charAt(0);
        if (first != '0' && first != '1') {
            return -1;
        }
        if (q.length() == 1) {
            return (first - '0') * 1000;
        }
        if (q.charAt(1) != '.' || q.length() > 5) {
            return -1;
        }
        int thousandths = 0;
        for (int i = 2; i < 5; i++) {
            int digit = 0;
            if (i < q.length()) {
                char c = q.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                digit = c - '0';
            }
            thousandths = thousandths * 10 + digit;
        }
        if (first == '1' && thousandths != 0) {
            return -1;  // "1.5" is no qvalue
        }
        return first == '1' ? 1000 : thousandths;
    }

    private static String canonical(String coding) {
        String lower = coding.toLowerCase(Locale.ROOT);
        return lower.equals("x-gzip") ? GZIP : lower;
    }

    private static int indexOf(String[] codings, int count, String coding) {
        for (int i = 0; i < count; i++) {
            if (codings[i].equals(coding)) {
                return i;
            }
        }
        return -1;
    }

    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
