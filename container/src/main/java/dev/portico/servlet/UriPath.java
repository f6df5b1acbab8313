package dev.portico.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw path of a request target into the decoded, canonical path that URL mapping works on, by the rules of
 * Servlet 6.1 §3.5.2: path parameters ({@code ;jsessionid=...}) dropped, %-escapes decoded as UTF-8, empty and
 * {@code .} segments removed, {@code ..} applied. What the spec calls an error or a suspicious sequence is refused
 * (the caller answers 400), because it means different paths to different readers — a proxy, a security filter, the
 * file system: a {@code ..} above the root; an encoded {@code /}; a {@code \}, encoded or not; a control character,
 * encoded or not; an escape that is not UTF-8; a {@code .} or {@code ..} written with an escape ({@code %2e}); a
 * {@code .} or {@code ..} segment, or an empty one that is not the last, carrying a {@code ;} parameter.
 *
 * <p>One deliberate difference from the spec's example table: a trailing {@code .} or {@code ..} segment keeps the
 * trailing slash ({@code /a/b/..} is {@code /a/}, as RFC 3986 §5.2.4 has it), since it names a directory.
 */
final class UriPath {
    private UriPath() {
    }

    /**
     * The value of the first path parameter called {@code name} in any segment of {@code raw} ({@code
     * /shop;jsessionid=abc/cart} → "abc"), undecoded, or null when there is none.
     */
    static String pathParameter(String raw, String name) {
        int from = 0;
        while ((from = raw.indexOf(';', from)) >= 0) {
            int end = from + 1;
            while (end < raw.length() && raw.charAt(end) != ';' && raw.charAt(end) != '/') {
                end++;
            }
            String parameter = raw.substring(from + 1, end);
            if (parameter.startsWith(name) && parameter.length() > name.length()
                    && parameter.charAt(name.length()) == '=') {
                return parameter.substring(name.length() + 1);
            }
            from = end;
        }
        return null;
    }

    /** The canonical form of {@code raw}, or null when the path must be refused. */
    static String canonicalize(String raw) {
        if (raw.isEmpty()) {
            return "/";
        }
        if (raw.charAt(0) != '/') {
            return null;
        }
        if (isCanonical(raw)) {
            return raw;
        }
        if (containsEncodedSlash(raw)) {
            return null;   // also inside a path parameter, which is dropped but was still sent as "/"
        }
        List<String> segments = new ArrayList<>();
        boolean directory = false;
        int len = raw.length();
        int start = 1;
        while (true) {
            int slash = raw.indexOf('/', start);
            boolean last = slash < 0;
            String segment = raw.substring(start, last ? len : slash);
            int semi = segment.indexOf(';');
            if (semi >= 0) {
                segment = segment.substring(0, semi);
                // "..;x" is ".." to the container but a name to a proxy that knows no path parameters
                if (segment.equals(".") || segment.equals("..") || (segment.isEmpty() && !last)) {
                    return null;
                }
            }
            String decoded = decodeSegment(segment);
            if (decoded == null) {
                return null;
            }
            if (segment.indexOf('%') >= 0 && (decoded.equals(".") || decoded.equals(".."))) {
                return null;   // %2e: a dot segment that a reader of the raw path does not see as one
            }
            if (decoded.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.remove(segments.size() - 1);
            } else if (!decoded.isEmpty() && !decoded.equals(".")) {
                segments.add(decoded);
            }
            // "/a/", "/a/." and "/a/b/.." all name the directory /a/, whose trailing slash is kept
            directory = last && (decoded.isEmpty() || decoded.equals(".") || decoded.equals(".."));
            if (last) {
                break;
            }
            start = slash + 1;
        }
        StringBuilder sb = new StringBuilder(len);
        for (String segment : segments) {
            sb.append('/').append(segment);
        }
        if (directory || sb.length() == 0) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** The common case: nothing to decode, remove or refuse, so the raw path is used as it is. */
    private static boolean isCanonical(String raw) {
        int len = raw.length();
        for (int i = 0; i < len; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == ';' || c == '\\' || c > 0x7e || c < 0x21) {
                return false;
            }
            if (c == '/' && i + 1 < len && (raw.charAt(i + 1) == '/' || raw.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsEncodedSlash(String raw) {
        for (int i = raw.indexOf('%'); i >= 0 && i + 2 < raw.length(); i = raw.indexOf('%', i + 1)) {
            if (raw.charAt(i + 1) == '2' && (raw.charAt(i + 2) == 'f' || raw.charAt(i + 2) == 'F')) {
                return true;
            }
        }
        return false;
    }

    /** The decoded segment, or null when it is refused. */
    private static String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c > 0x7e || c < 0x20 || c == '\\') {
                    return decodeBytes(latin1Bytes(segment));   // raw non-ASCII octets on the wire are UTF-8 too
                }
            }
            return segment;
        }
        byte[] bytes = new byte[segment.length()];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return decodeBytes(java.util.Arrays.copyOf(bytes, n));
    }

    private static byte[] latin1Bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String decodeBytes(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '/' || b == '\\' || (b >= 0 && b < 0x20) || b == 0x7f) {
                return null;   // §3.5.2: a separator or a control must not hide in a segment
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The {@code Location} of a redirect the container makes itself (a context root or a directory asked for
     * without its {@code /}): the canonical, decoded path percent-encoded, then the query as it was received. Built
     * from the canonical path, never from the raw target, which may be {@code //evil.example/../files}: sent back as
     * it came, that is a network-path reference (RFC 3986 §4.2) to another host. A canonical path has no empty
     * segment; should one start with {@code //} all the same, the slashes are collapsed.
     */
    static String redirectLocation(String canonicalPath, String query) {
        byte[] bytes = canonicalPath.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 16 + (query == null ? 0 : query.length() + 1));
        int from = 0;
        while (from + 1 < bytes.length && bytes[from] == '/' && bytes[from + 1] == '/') {
            from++;
        }
        for (int i = from; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            if (isPathChar(c)) {
                sb.append((char) c);
            } else {
                appendEscape(sb, c);
            }
        }
        if (query != null) {
            sb.append('?').append(query);
        }
        return sb.toString();
    }

    /**
     * pchar and "/" of RFC 3986 §3.3 without "%" (a decoded "%" is data) and ";" (which would start a path
     * parameter): what a segment can carry unescaped and still mean itself.
     */
    private static boolean isPathChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "/-._~!$&'()*+,=:@".indexOf(c) >= 0;
    }

    private static void appendEscape(StringBuilder sb, int c) {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
    }

    /**
     * Percent-encodes what may not appear raw in a path, for a dispatch path that becomes a request URI. A {@code %}
     * is left alone: dispatch paths are URI paths, already encoded ({@link #canonicalize} decodes them).
     */
    static String encodePath(String decoded) {
        StringBuilder sb = null;
        byte[] bytes = null;
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '"' || c == '<' || c == '>') {
                bytes = decoded.getBytes(StandardCharsets.UTF_8);
                break;
            }
        }
        if (bytes == null) {
            return decoded;
        }
        sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '"' || c == '<' || c == '>') {
                appendEscape(sb, c);
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /**
     * RFC 3986 §5.2.4 on the path of a (still encoded) URI reference, leaving its query and fragment alone; used to
     * resolve relative redirect locations. A {@code ..} above the root stays at the root.
     */
    static String removeDotSegments(String reference) {
        int end = reference.length();
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String path = reference.substring(0, end);
        List<String> out = new ArrayList<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    out.add("");
                }
            } else if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add("");
                }
            } else {
                out.add(segment);
            }
        }
        StringBuilder sb = new StringBuilder(reference.length());
        for (String segment : out) {
            sb.append('/').append(segment);
        }
        if (sb.length() == 0) {
            sb.append('/');
        }
        return sb.append(reference, end, reference.length()).toString();
    }
}
