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
                    String value = header.substring(eq + 1, end).trim();
                    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                        value = value.substring(1, value.length() - 1);
                    }
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
     * @throws IllegalArgumentException when the value holds a character RFC 6265 §4.1.1 does not allow
     */
    static String format(Cookie cookie) {
        String value = cookie.getValue() == null ? "" : cookie.getValue();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("Cookie value for " + cookie.getName()
                        + " contains a character not allowed by RFC 6265: use an encoding such as Base64");
            }
        }
        StringBuilder sb = new StringBuilder(64).append(cookie.getName()).append('=').append(value);
        int maxAge = cookie.getMaxAge();
        if (maxAge >= 0) {
            sb.append("; Max-Age=").append(maxAge);
            // Expires for clients that predate Max-Age; 0 means "delete now"
            long expires = maxAge == 0 ? 10_000L : System.currentTimeMillis() + maxAge * 1000L;
            sb.append("; Expires=").append(HttpDate.format(expires));
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
            if (e.getValue() == null || e.getValue().isEmpty()) {
                sb.append("; ").append(name);
            } else {
                sb.append("; ").append(name).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    private static void appendAttribute(StringBuilder sb, String name, String value) {
        if (value != null && !value.isEmpty()) {
            sb.append("; ").append(name).append('=').append(value);
        }
    }
}
