package dev.portico.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw path of a request target into the decoded, canonical path that URL mapping works on (Servlet 6.1
 * §3.5.2): path parameters ({@code ;jsessionid=...}) dropped, %-escapes decoded as UTF-8, empty and {@code .}
 * segments removed, {@code ..} applied. A path that cannot be made canonical safely is refused (the caller answers
 * 400): a {@code ..} above the root, an encoded {@code /} or NUL, or an escape that is not UTF-8.
 */
final class UriPath {
    private UriPath() {
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
        List<String> segments = new ArrayList<>();
        boolean directory = false;
        int len = raw.length();
        int start = 1;
        while (true) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? len : slash;
            String segment = raw.substring(start, end);
            int semi = segment.indexOf(';');
            if (semi >= 0) {
                segment = segment.substring(0, semi);
            }
            segment = decodeSegment(segment);
            if (segment == null) {
                return null;
            }
            boolean last = slash < 0;
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.remove(segments.size() - 1);
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
            // "/a/", "/a/." and "/a/b/.." all name the directory /a/, whose trailing slash is kept
            directory = last && (segment.isEmpty() || segment.equals(".") || segment.equals(".."));
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

    /** The common case: nothing to decode or remove, so the raw path is used as it is. */
    private static boolean isCanonical(String raw) {
        int len = raw.length();
        for (int i = 0; i < len; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == ';' || c > 0x7e || c < 0x21) {
                return false;
            }
            if (c == '/' && i + 1 < len && (raw.charAt(i + 1) == '/' || raw.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    private static String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            for (int i = 0; i < segment.length(); i++) {
                if (segment.charAt(i) > 0x7e || segment.charAt(i) < 0x20) {
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
            if (b == '/' || b == 0 || b == '\\') {
                return null;   // §3.5.2: an encoded separator or NUL must not change the meaning of the path
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
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
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
