package dev.portico.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The values a proxy forwards, in {@code Forwarded} parameters (RFC 7239 §6) and in the de-facto
 * {@code X-Forwarded-For}, {@code -Proto}, {@code -Host}, {@code -Port} and {@code -Prefix} fields. Each method reads
 * one value and answers null (or -1) for one it does not understand, so a caller can ignore it. Pure functions of
 * strings: no name is ever resolved (an IP literal is read without DNS).
 */
public final class ForwardedValues {
    /** More entries than this in one X-Forwarded-* list is not a proxy chain. */
    static final int MAX_ENTRIES = 64;

    private ForwardedValues() {
    }

    /**
     * The comma-separated entries of a field's lines, trimmed, left to right; null when one is empty or there are
     * more than {@link #MAX_ENTRIES} (the field is then malformed), an empty list when there are no lines.
     */
    public static List<String> list(List<String> lines) {
        List<String> entries = new ArrayList<>(2);
        for (String line : lines) {
            int start = 0;
            while (true) {
                int comma = line.indexOf(',', start);
                String entry = line.substring(start, comma < 0 ? line.length() : comma).strip();
                if (entry.isEmpty() || entries.size() == MAX_ENTRIES) {
                    return null;
                }
                entries.add(entry);
                if (comma < 0) {
                    break;
                }
                start = comma + 1;
            }
        }
        return entries;
    }

    /**
     * A node (RFC 7239 §6): {@code IPv4[:port]}, {@code "[" IPv6 "]"[:port]}, {@code unknown} or an obfuscated
     * {@code _name}, the port a number or an obfuscated {@code _name}. As X-Forwarded-For writes it, a bare IPv6
     * address is accepted too. Null when it is none of these.
     */
    public static ForwardedNode node(String s) {
        if (s.equalsIgnoreCase("unknown") || isObfuscated(s, 0, s.length())) {
            return new ForwardedNode(null, -1);
        }
        String name;
        int portStart;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            name = s.substring(1, close);
            portStart = close + 1;
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            name = s;                      // a bare IPv6 address
            portStart = s.length();
        } else {
            int colon = s.indexOf(':');
            name = colon < 0 ? s : s.substring(0, colon);
            portStart = colon < 0 ? s.length() : colon;
        }
        int port = -1;
        if (portStart < s.length()) {
            if (s.charAt(portStart) != ':') {
                return null;
            }
            if (!isObfuscated(s, portStart + 1, s.length())) {
                port = port(s.substring(portStart + 1));
                if (port < 0) {
                    return null;
                }
            }
        }
        InetAddress address = name.indexOf(':') >= 0 ? ipv6(name) : ipv4(name);
        return address == null ? null : new ForwardedNode(address, port);
    }

    /** {@code http} or {@code https} in lower case; null for anything else (a servlet knows no other scheme). */
    public static String proto(String s) {
        String scheme = s.toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? scheme : null;
    }

    /** A non-empty {@code host[:port]} as a Host field would carry it (RFC 9110 §7.2), else null. */
    public static String host(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        return !s.isEmpty() && !s.startsWith(":") && s.chars().allMatch(c -> c < 0x80)
                && RequestHeadValidator.isValidAuthority(bytes, 0, bytes.length) ? s : null;
    }

    /** A port from 1 to 65535 in decimal digits, else -1. */
    public static int port(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 ? port : -1;
    }

    /**
     * A path prefix the proxy removed ({@code X-Forwarded-Prefix}), as a context path is written: starting with
     * {@code /}, no trailing {@code /} ({@code /} alone is the empty prefix). Null unless it is an absolute path of
     * URI path characters (RFC 3986 §3.3, %-escapes included) without empty, {@code .} or {@code ..} segments, so it
     * can neither leave the site's root nor smuggle a query or a path parameter into the URI.
     */
    public static String prefix(String s) {
        String path = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        if (path.isEmpty()) {
            return s.isEmpty() ? null : "";
        }
        if (path.charAt(0) != '/') {
            return null;
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c == '/') {
                String segment = path.substring(segmentStart, i);
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return null;
                }
                segmentStart = i + 1;
            } else if (c == '%') {
                if (i + 2 >= path.length() || CharClass.hexValue(path.charAt(i + 1)) < 0
                        || CharClass.hexValue(path.charAt(i + 2)) < 0) {
                    return null;
                }
            } else if (!(c < 0x80 && Character.isLetterOrDigit(c) || "-._~!$&'()*+,=:@".indexOf(c) >= 0)) {
                return null;
            }
        }
        return path;
    }

    /** {@code "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )} in {@code s[from, to)} (RFC 7239 §6.3). */
    private static boolean isObfuscated(String s, int from, int to) {
        if (to - from < 2 || s.charAt(from) != '_') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!(c < 0x80 && Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Dotted-quad decimal, each part 0-255 without leading zeros (which some read as octal). */
    private static InetAddress ipv4(String s) {
        byte[] bytes = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (part == 4 || i == start || i - start > 3 || i - start > 1 && s.charAt(start) == '0') {
                    return null;
                }
                int value = Integer.parseInt(s, start, i, 10);
                if (value > 255) {
                    return null;
                }
                bytes[part++] = (byte) value;
                start = i + 1;
            } else if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return part == 4 ? address(bytes) : null;
    }

    /**
     * An IPv6 literal (RFC 4291 §2.2). The JDK reads it: in brackets, {@link InetAddress#getByName} takes it as a
     * literal or fails, and never asks DNS; zone ids ({@code %eth0}) are refused first, as they would look up an
     * interface.
     */
    private static InetAddress ipv6(String s) {
        if (s.length() > 45) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || CharClass.hexValue(c) >= 0)) {
                return null;
            }
        }
        try {
            return InetAddress.getByName("[" + s + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);   // only for a length other than 4 or 16
        }
    }
}
