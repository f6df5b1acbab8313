package dev.portico.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} data (a query string or a form body) into parameters, in the
 * order they appear. Works on bytes so that %-escapes and raw octets are decoded together in the request charset.
 */
final class FormDecoder {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final int maxParameters;
    private int count;

    /**
     * @param maxParameters the most name/value pairs (query, form body and multipart fields together), or -1 for
     *                      no limit; more is refused with 413 ({@link PayloadTooLargeException}): each pair costs
     *                      strings and a map entry, so a small hostile form must not make millions of them
     */
    FormDecoder(int maxParameters) {
        this.maxParameters = maxParameters;
    }

    private void admitOne() {
        if (++count > maxParameters && maxParameters >= 0) {
            throw new PayloadTooLargeException("more than " + maxParameters + " request parameters");
        }
    }

    /**
     * Adds the pairs of {@code data[0..length)} decoded with {@code charset}.
     * @throws BadRequestException for a malformed escape or bytes invalid in the charset
     * @throws PayloadTooLargeException for more pairs than the limit
     */
    FormDecoder decode(byte[] data, int length, Charset charset) {
        int start = 0;
        while (start < length) {
            int amp = indexOf(data, (byte) '&', start, length);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                int eq = indexOf(data, (byte) '=', start, end);
                int nameEnd = eq < 0 ? end : eq;
                if (nameEnd > start) {
                    admitOne();
                    String name = decode(data, start, nameEnd, charset);
                    String value = eq < 0 ? "" : decode(data, eq + 1, end, charset);
                    values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
                }
            }
            start = end + 1;
        }
        return this;
    }

    /** Adds the pairs of a raw query string, whose characters are the octets of the request line. */
    FormDecoder decode(String query, Charset charset) {
        if (query != null && !query.isEmpty()) {
            byte[] bytes = query.getBytes(StandardCharsets.ISO_8859_1);
            decode(bytes, bytes.length, charset);
        }
        return this;
    }

    /** Adds one already decoded pair (a multipart form field), counted against the same limit. */
    FormDecoder add(String name, String value) {
        admitOne();
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        return this;
    }

    int count() {
        return count;
    }

    /** The parameters as the immutable map {@code getParameterMap()} returns. */
    Map<String, String[]> toMap() {
        if (values.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String[]> map = new LinkedHashMap<>(values.size() * 2);
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            map.put(e.getKey(), e.getValue().toArray(new String[0]));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Merges two parameter maps, the values of {@code first} before those of {@code second} for the same name — the
     * order Servlet 6.1 §3.1 (query before body) and §9.1.1 (dispatch query before the original) ask for.
     */
    static Map<String, String[]> merge(Map<String, String[]> first, Map<String, String[]> second) {
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        Map<String, String[]> map = new LinkedHashMap<>(first);
        for (Map.Entry<String, String[]> e : second.entrySet()) {
            String[] before = map.get(e.getKey());
            if (before == null) {
                map.put(e.getKey(), e.getValue());
            } else {
                String[] both = new String[before.length + e.getValue().length];
                System.arraycopy(before, 0, both, 0, before.length);
                System.arraycopy(e.getValue(), 0, both, before.length, e.getValue().length);
                map.put(e.getKey(), both);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] data, int from, int to, Charset charset) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '%' || b == '+' || b < 0) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return new String(data, from, to - from, StandardCharsets.ISO_8859_1);   // ASCII: same in any charset
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '+') {
                out[n++] = ' ';
            } else if (b == '%') {
                int hi = i + 2 < to ? Character.digit(data[i + 1], 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(data[i + 2], 16);
                if (lo < 0) {
                    throw new BadRequestException("malformed %-escape in request parameters");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = b;
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("request parameter is not valid " + charset.name());
        }
    }
}
