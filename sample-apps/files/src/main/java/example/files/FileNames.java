package example.files;

import java.nio.charset.StandardCharsets;

/** What an uploaded file may be called: a plain name, never a path, so no upload can land outside the store. */
final class FileNames {
    static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    /** Null if the name is acceptable, else why not. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a file name is required";
        }
        if (name.length() > MAX_LENGTH) {
            return "file names are at most " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "\"" + name + "\" is not a file name";
        }
        if (!name.equals(name.strip())) {
            return "file names may not begin or end with spaces";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "file names may not contain path separators";
            }
            if (c == ':' || c < 0x20 || c == 0x7f) {
                return "file names may not contain ':' or control characters";
            }
        }
        return null;
    }

    /**
     * The Content-Disposition value for a download (RFC 6266): an ASCII fallback in {@code filename} for old
     * clients and the exact name in {@code filename*}, UTF-8 and percent-encoded (RFC 8187).
     */
    static String contentDisposition(String name) {
        StringBuilder fallback = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            fallback.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
    }
}
