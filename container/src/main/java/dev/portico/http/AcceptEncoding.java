package dev.portico.http;

import java.util.List;
import java.util.Locale;

/**
 * The content codings a request accepts (RFC 9110 §12.5.3), as qualities from 0 to 1000 (a qvalue times 1000).
 *
 * <ul>
 *   <li>A coding named in the field has its own weight; one not named has the weight of {@code *} if present;
 *       otherwise only {@code identity} is acceptable (weight 1000), and every other coding is not (0).</li>
 *   <li>Codings are case-insensitive; {@code x-gzip} is {@code gzip} (§8.4.1.3).</li>
 *   <li>An element that is not {@code token [ OWS ";" OWS "q=" qvalue ]} is ignored, so a malformed element can
 *       only make fewer codings acceptable, never more; a coding named twice takes its lowest weight.</li>
 *   <li>No field at all: this server then sends no coding but identity (any coding would be acceptable by the RFC,
 *       but a client that sent no field may not be able to decode one; common servers agree).</li>
 * </ul>
 *
 * A pure function of the field's text: no I/O, no state, fuzzed by {@code AcceptEncodingFuzzTest}.
 */
public final class AcceptEncoding {
    public static final String IDENTITY = "identity";
    public static final String GZIP = "gzip";
    private static final int ABSENT = -1;

    /** The fields as sent: each question scans them once, so no list of codings is built, nor bounded. */
    private final List<String> fields;

    private AcceptEncoding(List<String> fields) {
        this.fields = fields;
    }

    /** @param fieldValues the values of every Accept-Encoding field of the request, in order; empty if none */
    public static AcceptEncoding parse(List<String> fieldValues) {
        return new AcceptEncoding(List.copyOf(fieldValues));
    }

    /** Whether the request had an Accept-Encoding field at all. */
    public boolean isPresent() {
        return !fields.isEmpty();
    }

    /** The weight of a coding, 0 (not acceptable) to 1000 (most preferred). */
    public int quality(String coding) {
        String name = canonical(coding);
        int weight = fields.isEmpty() ? ABSENT : explicitWeight(name);
        if (weight != ABSENT) {
            return weight;
        }
        return name.equals(IDENTITY) ? 1000 : 0;
    }

    /** The weight the fields give a coding, by its name or by "*"; ABSENT if neither is there. */
    private int explicitWeight(String name) {
        int named = weightOf(name);
        return named != ABSENT ? named : weightOf("*");
    }

    /** Whether the response may be sent without a coding: identity is not excluded (by itself or by {@code *;q=0}). */
    public boolean acceptsIdentity() {
        return quality(IDENTITY) > 0;
    }

    /**
     * The coding to send among those the server can offer, in the server's order of preference (which breaks ties),
     * or null to send identity: a coding is chosen only if it is acceptable and weighs no less than the weight the
     * client gave identity (by name or by {@code *}).
     */
    public String select(List<String> offered) {
        // Identity competes with the weight the client gave it, if it gave one: "deflate, gzip;q=0.1" still
        // accepts gzip; its default acceptability only matters when no coding is acceptable.
        int identity = fields.isEmpty() ? 1000 : explicitWeight(IDENTITY);
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

    /** The lowest weight among the well-formed elements naming {@code coding} (canonical, or "*"), else ABSENT. */
    private int weightOf(String coding) {
        int lowest = ABSENT;
        for (String value : fields) {
            int pos = 0;
            while (pos <= value.length()) {
                int comma = value.indexOf(',', pos);
                int end = comma < 0 ? value.length() : comma;
                int semicolon = value.indexOf(';', pos);
                int nameEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
                String name = trim(value.substring(pos, nameEnd));
                if (names(name, coding)) {
                    int q = nameEnd == end ? 1000 : weight(value.substring(nameEnd + 1, end));
                    if (q >= 0) {
                        lowest = lowest == ABSENT ? q : Math.min(lowest, q);
                    }
                }
                pos = end + 1;
            }
        }
        return lowest;
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

    /**
     * Whether an element's name is the coding. Junk names nothing: "" (the empty list element of §5.6.1), what is no
     * token, and a "*" inside a longer name (CharClass counts '*' as a token character).
     */
    private static boolean names(String name, String coding) {
        boolean same = name.equalsIgnoreCase(coding) || coding.equals(GZIP) && name.equalsIgnoreCase("x-gzip");
        return same && (name.equals("*") || CharClass.isToken(name) && name.indexOf('*') < 0);
    }

    private static String canonical(String coding) {
        String lower = coding.toLowerCase(Locale.ROOT);
        return lower.equals("x-gzip") ? GZIP : lower;
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
