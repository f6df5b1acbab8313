package dev.portico.servlet.multipart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value of the MIME kind: a main value followed by {@code ;name=value} parameters, the value a token or a
 * quoted string ({@code multipart/form-data; boundary="x y"}, {@code form-data; name="f"; filename="a.txt"}).
 * Parameter names are lower-cased; the first occurrence of a name wins.
 */
record HeaderValue(String value, Map<String, String> params) {

    static HeaderValue parse(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int semi = header.indexOf(';');
        String value = (semi < 0 ? header : header.substring(0, semi)).trim();
        int i = semi < 0 ? header.length() : semi + 1;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == ';' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < header.length() && header.charAt(i) != '=' && header.charAt(i) != ';') {
                i++;
            }
            String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String paramValue = "";
            if (i < header.length() && header.charAt(i) == '=') {
                i++;
                while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                    i++;
                }
                if (i < header.length() && header.charAt(i) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    i = readQuoted(header, i + 1, quoted);
                    paramValue = quoted.toString();
                } else {
                    int valueStart = i;
                    while (i < header.length() && header.charAt(i) != ';') {
                        i++;
                    }
                    paramValue = header.substring(valueStart, i).trim();
                }
            }
            if (!name.isEmpty()) {
                params.putIfAbsent(name, paramValue);
            }
        }
        return new HeaderValue(value, params);
    }

    /**
     * Reads a quoted string up to its closing quote and returns the index after it. Only {@code \"} is taken as an
     * escape: browsers do not escape backslashes in file names (the HTML form encoding percent-encodes {@code "}
     * instead), so {@code "C:\dir\a.txt"} must keep its backslashes.
     */
    private static int readQuoted(String s, int i, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                out.append('"');
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return i;   // unterminated: take the rest, leniently, rather than lose the name
    }

    String param(String name) {
        return params.get(name);
    }

    /**
     * Decodes an RFC 8187 ext-value ({@code UTF-8'en'%e2%82%ac%20rates}), or returns null when it is malformed or
     * names an unknown charset, so the caller can fall back to the plain parameter.
     */
    static String decodeExtValue(String extValue) {
        int first = extValue.indexOf('\'');
        int second = first < 0 ? -1 : extValue.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        Charset charset;
        try {
            charset = Charset.forName(extValue.substring(0, first).trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
        String encoded = extValue.substring(second + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(charset);
    }
}
