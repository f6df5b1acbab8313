package dev.portico.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grammar of the {@code Forwarded} field (RFC 7239 §4): a comma-separated list of elements, each a
 * semicolon-separated list of {@code token=value} pairs whose value is a token or a quoted-string.
 *
 * <pre>
 * Forwarded         = 1#forwarded-element
 * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
 * forwarded-pair    = token "=" value
 * value             = token / quoted-string
 * </pre>
 *
 * A pure function of strings: it never resolves a name and never throws on bad input, so it can be fuzzed.
 * Whitespace is allowed around {@code ,} and {@code ;} (as proxies write it), not around {@code =}. Unknown
 * parameters are skipped (§5.5); the same parameter twice in one element (§4) makes the field malformed.
 */
public final class ForwardedHeader {
    /** The longest field accepted, all lines together: a longer one is not a proxy chain but an attack. */
    static final int MAX_LENGTH = 8 * 1024;

    /** Why a field was not understood, for the debug log. */
    private String fault;

    private ForwardedHeader() {
    }

    /**
     * Parses the {@code Forwarded} field lines of a request (several lines are one list, RFC 9110 §5.3), left to
     * right as the proxies appended them; null when the field is malformed, to be ignored as a whole.
     */
    public static List<ForwardedElement> parse(List<String> lines) {
        return new ForwardedHeader().elements(String.join(",", lines));
    }

    /** What is wrong with {@code lines}, or null if they parse. */
    public static String fault(List<String> lines) {
        ForwardedHeader parser = new ForwardedHeader();
        return parser.elements(String.join(",", lines)) == null ? parser.fault : null;
    }

    private List<ForwardedElement> elements(String s) {
        if (s.length() > MAX_LENGTH) {
            return fail("longer than " + MAX_LENGTH + " characters");
        }
        List<ForwardedElement> elements = new ArrayList<>(2);
        String[] values = new String[4];   // for, by, host, proto
        boolean any = false;
        int i = skipWhitespace(s, 0);
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ',') {
                if (any) {
                    elements.add(new ForwardedElement(values[0], values[1], values[2], values[3]));
                    values = new String[4];
                    any = false;
                }
                i = skipWhitespace(s, i + 1);
                continue;
            }
            if (c == ';') {
                i = skipWhitespace(s, i + 1);
                continue;
            }
            int nameEnd = tokenEnd(s, i);
            if (nameEnd == i || nameEnd == s.length() || s.charAt(nameEnd) != '=') {
                return fail("expected name=value at " + i);
            }
            String name = s.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            int valueStart = nameEnd + 1;
            String value;
            if (valueStart < s.length() && s.charAt(valueStart) == '"') {
                StringBuilder unquoted = new StringBuilder();
                i = quotedStringEnd(s, valueStart, unquoted);
                if (i < 0) {
                    return fail("unterminated or invalid quoted-string at " + valueStart);
                }
                value = unquoted.toString();
            } else {
                i = tokenEnd(s, valueStart);
                if (i == valueStart) {
                    return fail("empty value of " + name);
                }
                value = s.substring(valueStart, i);
            }
            int slot = switch (name) {
                case "for" -> 0;
                case "by" -> 1;
                case "host" -> 2;
                case "proto" -> 3;
                default -> -1;
            };
            if (slot >= 0) {
                if (values[slot] != null) {
                    return fail(name + " twice in one element");
                }
                values[slot] = value;
            }
            any = true;
            i = skipWhitespace(s, i);
            if (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ';') {
                return fail("expected ',' or ';' at " + i);
            }
        }
        if (any) {
            elements.add(new ForwardedElement(values[0], values[1], values[2], values[3]));
        }
        return elements.isEmpty() ? fail("no element") : elements;
    }

    private List<ForwardedElement> fail(String why) {
        fault = why;
        return null;
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) < 0x80 && CharClass.is(s.charAt(i), CharClass.TOKEN)) {
            i++;
        }
        return i;
    }

    /**
     * The index after the quoted-string at {@code from} (RFC 9110 §5.6.4), its content unescaped into {@code out};
     * -1 if it is unterminated or holds a control character.
     */
    private static int quotedStringEnd(String s, int from, StringBuilder out) {
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (++i == s.length()) {
                    return -1;
                }
                c = s.charAt(i);
            }
            if (c > 0xff || c < 0x20 && c != '\t' || c == 0x7f) {
                return -1;
            }
            out.append(c);
        }
        return -1;
    }

    private static int skipWhitespace(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
