package dev.portico.http;

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
 */
public final class HttpFields {
    private String[] names;
    private String[] values;
    private int size;

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
        return values[index];
    }

    /** The first value of the named field, or null. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** All values of the named field in order, each field line separately. */
    public List<String> getAll(String name) {
        List<String> result = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (result == null) {
                    result = new ArrayList<>(2);
                }
                result.add(values[i]);
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
            if (names[i].equalsIgnoreCase(name) && listContainsToken(values[i], token)) {
                return true;
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
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        return this;
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
    }

    private boolean removeFrom(String name, int start) {
        int out = start;
        for (int i = start; i < size; i++) {
            if (!names[i].equalsIgnoreCase(name)) {
                names[out] = names[i];
                values[out] = values[i];
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(names[i]).append(": ").append(values[i]).append("\r\n");
        }
        return sb.toString();
    }
}
