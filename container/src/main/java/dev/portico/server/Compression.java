package dev.portico.server;

import dev.portico.http.MediaRange;
import java.util.List;

/**
 * When response bodies are gzip-compressed on the fly. Off by default (see the README: CPU cost, BREACH on HTTPS
 * pages that mix secrets with reflected input, and a proxy in front usually compresses). When on, a response is
 * compressed if the request accepts gzip (RFC 9110 §12.5.3), its Content-Type is one of {@link #types()}, and its
 * length, when known, is at least {@link #minSize()}; never a range, a status without content, a response marked
 * {@code Cache-Control: no-transform}, or one the application already encoded.
 *
 * @param enabled whether responses are compressed at all
 * @param types   media types compressed ({@link MediaRange}: {@code type/subtype}, {@code type/*} or
 *                {@code type/*+suffix})
 * @param minSize a response known to be shorter than this many bytes is sent as it is, unless the client refuses
 *                identity (a response of unknown length — a stream — is compressed)
 * @param level   the deflate level, 1 (fastest) to 9 (smallest); the default, 6, is zlib's, Jetty's and Tomcat's.
 *                On 64 KiB of JSON, level 1 takes about a third of the CPU of level 6 for a body about 20% larger
 */
public record Compression(boolean enabled, List<MediaRange> types, long minSize, int level) {
    /** Text, JSON, JavaScript, XML and SVG: what compresses well and is not compressed already. */
    public static final List<MediaRange> DEFAULT_TYPES = ranges(List.of("text/*", "application/json",
            "application/*+json", "application/javascript", "application/xml", "application/*+xml", "image/svg+xml"));
    /** Below about one packet gzip saves nothing worth its CPU and 18 bytes of framing (Tomcat: 2 KiB). */
    public static final long DEFAULT_MIN_SIZE = 1024;
    public static final int DEFAULT_LEVEL = 6;

    public Compression {
        types = List.copyOf(types);
        if (minSize < 0) {
            throw new IllegalArgumentException("minimum size below zero: " + minSize);
        }
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("deflate level not from 1 to 9: " + level);
        }
    }

    /** Off. */
    public static Compression defaults() {
        return new Compression(false, DEFAULT_TYPES, DEFAULT_MIN_SIZE, DEFAULT_LEVEL);
    }

    /** On, with the default types and minimum size. */
    public static Compression gzip() {
        return new Compression(true, DEFAULT_TYPES, DEFAULT_MIN_SIZE, DEFAULT_LEVEL);
    }

    public Compression withEnabled(boolean enabled) {
        return new Compression(enabled, types, minSize, level);
    }

    /** @param patterns as {@link MediaRange#parse} reads them; @throws IllegalArgumentException for a bad one */
    public Compression withTypes(List<String> patterns) {
        return new Compression(enabled, ranges(patterns), minSize, level);
    }

    public Compression withMinSize(long minSize) {
        return new Compression(enabled, types, minSize, level);
    }

    public Compression withLevel(int level) {
        return new Compression(enabled, types, minSize, level);
    }

    /** Whether a response of this Content-Type is compressed (null: no type, not compressed). */
    public boolean compresses(String contentType) {
        for (MediaRange range : types) {
            if (range.matches(contentType)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The gzip encoders (each a native zlib stream) not yet released, in this JVM: a diagnostic, and how the tests
     * prove that aborted responses release theirs.
     */
    public static int openEncoders() {
        return GzipEncoder.open();
    }

    private static List<MediaRange> ranges(List<String> patterns) {
        return patterns.stream().map(MediaRange::parse).toList();
    }
}
