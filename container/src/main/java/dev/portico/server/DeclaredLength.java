package dev.portico.server;

import dev.portico.http.HttpFields;

/**
 * The length a response body is declared to have, which the exchange holds the body to. It is set typed
 * ({@link Exchange#contentLength(long)}) and shown as the {@code Content-Length} header; a handler may also set that
 * header by hand, and then the header is read, once per value it is given.
 */
final class DeclaredLength {
    private static final String HEADER = "Content-Length";

    private long length = -1;
    /** The header value {@link #length} stands for. */
    private String header;

    void set(long length, HttpFields headers) {
        this.length = Math.max(length, -1);
        this.header = length < 0 ? null : Long.toString(length);
        headers.set(HEADER, header);  // null removes it
    }

    /** The declared length, -1 if none; re-read if the header was set, replaced or removed by hand since. */
    long read(HttpFields headers) {
        String value = headers.get(HEADER);
        if (value != header) {
            header = value;
            length = parse(value);
        }
        return length;
    }

    /** The length as last read: once the head is sent, the one it was sent with. */
    long value() {
        return length;
    }

    void clear() {
        length = -1;
        header = null;
    }

    private static long parse(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
