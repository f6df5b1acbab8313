package dev.portico.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered, mutable list of header (or trailer) fields. Names compare case-insensitively (RFC 9110 §5.1); the
 * order of fields is kept because repeated fields are a list whose order matters (RFC 9110 §5.3).
 *
 * <p>Two parallel arrays instead of a map: a typical request has fewer than twenty fields, so a linear scan with an
 * ASCII case-insensitive compare beats hashing, and nothing is allocated per lookup.
 *
 * <p>Fields added by the parser with {@link #addRaw} keep their value as bytes in one shared buffer and become a
 * {@code String} only when first asked for: most handlers read two or three of a request's dozen fields, so the
 * rest are never decoded, and a connection that reuses one instance parses a typical head without allocating.
 */
public final class HttpFields {
    private String[] names;
    /** The decoded value, or null while it is still only in {@link #raw}. */
    private String[] values;
    private int size;
    /** Undecoded values, back to back; {@code rawBounds[2i]} and {@code [2i+1]} delimit field i's. */
    private byte[] raw;
    private int[] rawBounds;
    private int rawLength;

    public HttpFields() {
        this(16);
    }

    public HttpFields(int capacity) {
        names = new String[Math.max(capacity, 4)];
        values = new String[names.length];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String name(int index) {
        checkIndex(index);
        return names[index];
    }

    public String value(int index) {
        checkIndex(index);
        return valueAt(index);
    }

    /** The first value of the named field, or null. */
    public String get(String name) {
        int index = indexOf(name);
        return index < 0 ? null : valueAt(index);
    }

    /** All values of the named field in order, each field line separately. */
    public List<String> getAll(String name) {
        List<String> result = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (result == null) {
                    result = new ArrayList<>(2);
                }
                result.add(valueAt(i));
            }
        }
        return result == null ? Collections.emptyList() : result;
    }

    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** True when a comma-separated list field (e.g. {@code Connection}) holds the token, case-insensitively. */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                boolean found = values[i] != null
                        ? listContainsToken(values[i], token)
                        : listContainsToken(raw, rawBounds[2 * i], rawBounds[2 * i + 1], token);
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Distinct names, in first-seen order, with the spelling of their first occurrence. */
    public Set<String> names() {
        Set<String> result = new LinkedHashSet<>();
        outer:
        for (int i = 0; i < size; i++) {
            for (String seen : result) {
                if (seen.equalsIgnoreCase(names[i])) {
                    continue outer;
                }
            }
            result.add(names[i]);
        }
        return result;
    }

    public HttpFields add(String name, String value) {
        ensureRoom();
        names[size] = name;
        values[size] = value;
        size++;
        return this;
    }

    /** Adds a field whose value is {@code bytes[offset, offset + length)} as ISO-8859-1, decoded only on demand. */
    public HttpFields addRaw(String name, byte[] bytes, int offset, int length) {
        ensureRoom();
        if (raw == null) {
            raw = new byte[Math.max(256, length)];
            rawBounds = new int[names.length * 2];
        } else if (rawLength + length > raw.length) {
            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLength + length));
        }
        if (rawBounds.length < names.length * 2) {
            rawBounds = Arrays.copyOf(rawBounds, names.length * 2);
        }
        System.arraycopy(bytes, offset, raw, rawLength, length);
        names[size] = name;
        values[size] = null;
        rawBounds[2 * size] = rawLength;
        rawBounds[2 * size + 1] = rawLength + length;
        rawLength += length;
        size++;
        return this;
    }

    private void ensureRoom() {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
    }

    private String valueAt(int index) {
        String value = values[index];
        if (value == null) {
            int start = rawBounds[2 * index];
            value = new String(raw, start, rawBounds[2 * index + 1] - start, StandardCharsets.ISO_8859_1);
            values[index] = value;
        }
        return value;
    }

    /** Replaces every field of that name by one field, at the position of the first; a null value removes it. */
    public HttpFields set(String name, String value) {
        if (value == null) {
            remove(name);
            return this;
        }
        int first = indexOf(name);
        if (first < 0) {
            return add(name, value);
        }
        values[first] = value;
        removeFrom(name, first + 1);
        return this;
    }

    public boolean remove(String name) {
        return removeFrom(name, 0);
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        rawLength = 0;
    }

    private boolean removeFrom(String name, int start) {
        int out = start;
        for (int i = start; i < size; i++) {
            if (!names[i].equalsIgnoreCase(name)) {
                names[out] = names[i];
                values[out] = values[i];
                if (rawBounds != null) {
                    rawBounds[2 * out] = rawBounds[2 * i];
                    rawBounds[2 * out + 1] = rawBounds[2 * i + 1];
                }
                out++;
            }
        }
        boolean removed = out != size;
        Arrays.fill(names, out, size, null);
        Arrays.fill(values, out, size, null);
        size = out;
        return removed;
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
    }

    static boolean listContainsToken(String list, String token) {
        int len = list.length();
        int start = 0;
        while (start < len) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? len : comma;
            int s = start;
            int e = end;
            while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e - s == token.length() && list.regionMatches(true, s, token, 0, token.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** {@link #listContainsToken(String, String)} over ISO-8859-1 bytes, so a lookup decodes nothing. */
    static boolean listContainsToken(byte[] list, int from, int to, String token) {
        int start = from;
        while (start < to) {
            int end = start;
            while (end < to && list[end] != ',') {
                end++;
            }
            int s = start;
            int e = end;
            while (s < e && (list[s] == ' ' || list[s] == '\t')) {
                s++;
            }
            while (e > s && (list[e - 1] == ' ' || list[e - 1] == '\t')) {
                e--;
            }
            if (e - s == token.length() && regionMatchesIgnoreCase(list, s, token)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean regionMatchesIgnoreCase(byte[] bytes, int offset, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            int b = bytes[offset + i] & 0xFF;
            int c = ascii.charAt(i);
            if (b != c && toLowerAscii(b) != toLowerAscii(c)) {
                return false;
            }
        }
        return true;
    }

    private static int toLowerAscii(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(names[i]).append(": ").append(valueAt(i)).append("\r\n");
        }
        return sb.toString();
    }
}
