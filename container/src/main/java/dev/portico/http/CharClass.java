package dev.portico.http;

/**
 * Byte classes of the HTTP grammar (RFC 9110 §5.6.2, RFC 9112 §3), looked up in one table instead of by regular
 * expressions: a parser asks "is this a token character?" once per byte.
 */
final class CharClass {
    static final byte TOKEN = 1;       // tchar
    static final byte FIELD_VCHAR = 2; // VCHAR or obs-text: allowed inside a field value
    /**
     * Allowed in a request-target: visible ASCII except {@code #} (a fragment is never sent) and {@code \}, which no
     * URI may contain (RFC 3986 §2) and which browsers and Windows read as {@code /}: a path that means one thing
     * here and another to the next hop is refused as it arrives.
     */
    static final byte TARGET = 4;
    static final byte HEX = 8;

    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = 0x21; c <= 0x7E; c++) {
            CLASSES[c] |= FIELD_VCHAR | TARGET;
        }
        for (int c = 0x80; c <= 0xFF; c++) {
            CLASSES[c] |= FIELD_VCHAR;
        }
        CLASSES['#'] &= ~TARGET;
        CLASSES['\\'] &= ~TARGET;
        for (int c = '0'; c <= '9'; c++) {
            CLASSES[c] |= TOKEN | HEX;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            CLASSES[c] |= TOKEN;
            CLASSES[c - 32] |= TOKEN;
        }
        for (int c = 'a'; c <= 'f'; c++) {
            CLASSES[c] |= HEX;
            CLASSES[c - 32] |= HEX;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            CLASSES[c] |= TOKEN;
        }
    }

    private CharClass() {
    }

    static boolean is(int b, byte clazz) {
        return (CLASSES[b & 0xFF] & clazz) != 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !is(c, TOKEN)) {
                return false;
            }
        }
        return true;
    }

    static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
