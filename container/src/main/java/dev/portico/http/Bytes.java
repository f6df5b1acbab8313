package dev.portico.http;

final class Bytes {
    private Bytes() {
    }

    /** True when {@code buf[0, length)} equals {@code expected} exactly. */
    static boolean equals(byte[] expected, byte[] buf, int length) {
        if (expected.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (expected[i] != buf[i]) {
                return false;
            }
        }
        return true;
    }
}
