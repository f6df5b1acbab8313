package dev.portico.servlet;

import dev.portico.http.HttpDate;
import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Cookie request header and the Set-Cookie response header (RFC 6265). */
final class Cookies {
    private static final Cookie[] NONE = new Cookie[0];

    private Cookies() {
    }

    /** The cookies of all Cookie fields; pairs that are not {@code name=value} with a valid name are skipped. */
    static Cookie[] parse(List<String> headerValues) {
        List<Cookie> cookies = null;
        for (String header : headerValues) {
            int start = 0;
            int len = header.length();
            while (start < len) {
                int semi = header.indexOf(';', start);
                int end = semi < 0 ? len : semi;
                int eq = header.indexOf('=', start);
                if (eq > start && eq < end) {
                    String name = header.substring(start, eq).trim();
                    // RFC 6265 §4.1.1/§5.2: DQUOTEs around a value are part of it, and getValue() shows them
                    String value = header.substring(eq + 1, end).trim();
                    if (!name.isEmpty() && name.charAt(0) != '$') {
                        try {
                            Cookie cookie = new Cookie(name, value);
                            if (cookies == null) {
                                cookies = new ArrayList<>(4);
                            }
                            cookies.add(cookie);
                        } catch (IllegalArgumentException e) {
                            // not a valid cookie name: ignore the pair, as browsers do
                        }
                    }
                }
                start = end + 1;
            }
        }
        return cookies == null ? NONE : cookies.toArray(NONE);
    }

    /**
     * The Set-Cookie value for {@code cookie}. {@code Max-Age} also gets the {@code Expires} older clients need.
     * Every part is checked first ({@link #checkName}, {@link #checkValue}, {@link #checkDomain}, {@link
     * #checkAttributeValue}): {@code jakarta.servlet.http.Cookie} lets an app set any string, and a {@code ;} in
     * its path or an attribute would add attributes of the app's user's choosing to the header.
     * @throws IllegalArgumentException when a part holds a character RFC 6265 §4.1.1 does not allow there
     */
    static String format(Cookie cookie) {
        checkName("Cookie name", cookie.getName());
        String value = cookie.getValue() == null ? "" : cookie.getValue();
        checkValue(cookie.getName(), value);
        checkDomain(cookie.getDomain());
        checkAttributeValue("Path", cookie.getPath());
        StringBuilder sb = new StringBuilder(64).append(cookie.getName()).append('=').append(value);
        int maxAge = cookie.getMaxAge();
        if (maxAge > 0) {
            sb.append("; Max-Age=").append(maxAge);
            // Expires for clients that predate Max-Age
            sb.append("; Expires=").append(HttpDate.format(System.currentTimeMillis() + maxAge * 1000L));
        } else if (maxAge == 0) {
            // "Delete now": RFC 6265 §4.1.1 lets a server send only a non-zero Max-Age, so a date in the past
            sb.append("; Expires=").append(HttpDate.format(10_000L));
        }
        appendAttribute(sb, "Domain", cookie.getDomain());
        appendAttribute(sb, "Path", cookie.getPath());
        if (cookie.getSecure()) {
            sb.append("; Secure");
        }
        if (cookie.isHttpOnly()) {
            sb.append("; HttpOnly");
        }
        for (Map.Entry<String, String> e : cookie.getAttributes().entrySet()) {
            String name = e.getKey();
            if (name.equalsIgnoreCase("Max-Age") || name.equalsIgnoreCase("Expires") && maxAge >= 0
                    || name.equalsIgnoreCase("Domain") || name.equalsIgnoreCase("Path")
                    || name.equalsIgnoreCase("Secure") || name.equalsIgnoreCase("HttpOnly")) {
                continue;
            }
            checkName("Cookie attribute name", name);
            checkAttributeValue(name, e.getValue());
            if (e.getValue() == null || e.getValue().isEmpty()) {
                sb.append("; ").append(name);
            } else {
                sb.append("; ").append(name).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** A cookie or attribute name is an RFC 9110 token (RFC 6265 §4.1.1: cookie-name, extension-av's name). */
    static void checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException(what + " \"" + printable(name)
                        + "\" contains a character not allowed in a token (RFC 6265 §4.1.1)");
            }
        }
    }

    /**
     * RFC 6265 §4.1.1 cookie-value: cookie-octets (visible US-ASCII but DQUOTE, comma, semicolon and backslash; no
     * spaces), optionally between two DQUOTEs.
     */
    static void checkValue(String cookieName, String value) {
        boolean quoted = value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"';
        for (int i = quoted ? 1 : 0; i < (quoted ? value.length() - 1 : value.length()); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("Cookie value for " + cookieName
                        + " contains a character not allowed by RFC 6265: use an encoding such as Base64");
            }
        }
    }

    /**
     * RFC 6265 §4.1.1 domain-value: a host name (RFC 1034 letters, digits, hyphens and dots; a leading dot is
     * tolerated and ignored by clients, §5.2.3). Null or empty means no Domain attribute.
     */
    static void checkDomain(String domain) {
        if (domain == null) {
            return;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                throw new IllegalArgumentException("Cookie Domain \"" + printable(domain)
                        + "\" is not a host name (RFC 6265 §4.1.1)");
            }
        }
    }

    /**
     * RFC 6265 §4.1.1 path-value and extension-av: any CHAR (US-ASCII) except controls and {@code ;}, which would
     * end the attribute and start one of the value's own choosing. Null means none.
     */
    static void checkAttributeValue(String attribute, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == ';') {
                throw new IllegalArgumentException("Cookie " + attribute + " \"" + printable(value)
                        + "\" contains a semicolon, a control or a non-ASCII character (RFC 6265 §4.1.1)");
            }
        }
    }

    /** For messages: a value with its controls shown as escapes, so the message cannot itself break a log line. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void appendAttribute(StringBuilder sb, String name, String value) {
        if (value != null && !value.isEmpty()) {
            sb.append("; ").append(name).append('=').append(value);
        }
    }
}
