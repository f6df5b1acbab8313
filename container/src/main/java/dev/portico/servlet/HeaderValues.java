package dev.portico.servlet;

import dev.portico.http.HttpDate;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small parsers for the header values the servlet API interprets. */
final class HeaderValues {
    private HeaderValues() {
    }

    /** {@code getDateHeader}: the header's HTTP date in epoch milliseconds, or -1 when the header is absent. */
    static long date(String name, String value) {
        if (value == null) {
            return -1;
        }
        long date = HttpDate.parse(value);
        if (date < 0) {
            throw new IllegalArgumentException("header " + name + " is not an HTTP date: " + value);
        }
        return date;
    }

    /** The charset a charset parameter or setCharacterEncoding names; unknown names throw the API's checked one. */
    static Charset charsetNamed(String name) throws UnsupportedEncodingException {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(name);
        }
    }

    /** The media type of a Content-Type value without its parameters, e.g. {@code text/html}. */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    /** The {@code charset} parameter of a Content-Type value (quotes removed), or null. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        int i = contentType.indexOf(';');
        while (i >= 0) {
            int start = i + 1;
            int next = contentType.indexOf(';', start);
            int end = next < 0 ? contentType.length() : next;
            int eq = contentType.indexOf('=', start);
            if (eq > 0 && eq < end && contentType.substring(start, eq).trim().equalsIgnoreCase("charset")) {
                String value = contentType.substring(eq + 1, end).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
            i = next;
        }
        return null;
    }

    /** The Content-Type value without any charset parameter (other parameters kept). */
    static String withoutCharset(String contentType) {
        int semi = contentType.indexOf(';');
        if (semi < 0) {
            return contentType.trim();
        }
        StringBuilder sb = new StringBuilder(contentType.substring(0, semi).trim());
        int i = semi;
        while (i >= 0) {
            int start = i + 1;
            int next = contentType.indexOf(';', start);
            String param = contentType.substring(start, next < 0 ? contentType.length() : next).trim();
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq).trim();
            if (!param.isEmpty() && !name.equalsIgnoreCase("charset")) {
                sb.append(';').append(param);
            }
            i = next;
        }
        return sb.toString();
    }

    /**
     * The locales of Accept-Language values in decreasing order of preference (RFC 9110 §12.5.4); equal weights keep
     * their order, {@code q=0} and {@code *} are left out. Empty when nothing usable was sent.
     */
    static List<Locale> locales(List<String> headerValues) {
        List<Locale> locales = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String header : headerValues) {
            for (String item : header.split(",")) {
                String[] parts = item.split(";");
                String tag = parts[0].trim();
                if (tag.isEmpty() || tag.equals("*")) {
                    continue;
                }
                double q = 1.0;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("q=") || p.startsWith("Q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2).trim());
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q <= 0) {
                    continue;
                }
                Locale locale = Locale.forLanguageTag(tag);
                if (locale.getLanguage().isEmpty()) {
                    continue;
                }
                int at = 0;
                while (at < weights.size() && weights.get(at) >= q) {
                    at++;
                }
                locales.add(at, locale);
                weights.add(at, q);
            }
        }
        return locales;
    }
}
