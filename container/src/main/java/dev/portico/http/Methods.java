package dev.portico.http;

import java.nio.charset.StandardCharsets;

/** The standard methods as shared constants, so parsing the common request allocates no method string. */
final class Methods {
    private static final String[] KNOWN = {
        "GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"
    };
    private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Methods() {
    }

    static String intern(byte[] buf, int length) {
        for (int i = 0; i < KNOWN_BYTES.length; i++) {
            if (Bytes.equals(KNOWN_BYTES[i], buf, length)) {
                return KNOWN[i];
            }
        }
        return new String(buf, 0, length, StandardCharsets.US_ASCII);
    }
}
