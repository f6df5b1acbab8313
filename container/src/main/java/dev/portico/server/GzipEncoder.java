package dev.portico.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip coding (RFC 1952) of one response body, streamed: bytes in, compressed bytes out to a {@link Sink} as
 * the deflater produces them, never the whole body in memory. {@link #flush()} ends the deflate block with a sync
 * flush, so everything written so far reaches the client decodable (server-sent events, long polls).
 *
 * <p>The deflater holds native memory until {@link #end()}: {@link #finish()} ends it, and whoever gives up on the
 * response (an abort, a failed write) must call {@code end()}; it is idempotent, and thread-safe against a write
 * under way on another thread.
 */
final class GzipEncoder {
    /** How compressed bytes leave. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    /** Magic, deflate, no flags, no mtime, no extra flags, OS "unknown" (RFC 1952 §2.3). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int OUTPUT_BUFFER = 8 * 1024;
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final Sink sink;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] output = new byte[OUTPUT_BUFFER];
    private boolean started;
    private boolean ended;

    /** @param level the deflate level, 1 to 9 */
    GzipEncoder(Sink sink, int level) {
        this.sink = sink;
        this.deflater = new Deflater(level, true);  // raw deflate: the gzip header and trailer are written here
        OPEN.incrementAndGet();
    }

    /** The encoders alive in this JVM (created and not yet ended). */
    static int open() {
        return OPEN.get();
    }

    /** The whole of {@code b[off, off + len)} as one gzip member. */
    static byte[] encode(byte[] b, int off, int len, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len / 2));
        GzipEncoder encoder = new GzipEncoder(out::write, level);
        try {
            encoder.write(b, off, len);
            encoder.finish();
        } finally {
            encoder.end();
        }
        return out.toByteArray();
    }

    synchronized void write(byte[] b, int off, int len) throws IOException {
        start();
        if (len == 0) {
            return;
        }
        crc.update(b, off, len);
        deflater.setInput(b, off, len);
        while (!deflater.needsInput()) {
            deflate(Deflater.NO_FLUSH);  // consumes all the input before returning: the caller may reuse b
        }
    }

    /** Pushes out everything written so far, as complete deflate blocks the client can decode now. */
    synchronized void flush() throws IOException {
        start();
        int n;
        do {
            n = deflate(Deflater.SYNC_FLUSH);
        } while (n == output.length);
    }

    /** Writes the rest and the gzip trailer, then ends the deflater. */
    synchronized void finish() throws IOException {
        start();
        deflater.finish();
        while (!deflater.finished()) {
            deflate(Deflater.NO_FLUSH);
        }
        long crcValue = crc.getValue();
        long size = deflater.getBytesRead();
        byte[] trailer = {
            (byte) crcValue, (byte) (crcValue >> 8), (byte) (crcValue >> 16), (byte) (crcValue >> 24),
            (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)   // ISIZE: modulo 2^32
        };
        end();
        sink.write(trailer, 0, trailer.length);
    }

    /** Releases the deflater's native memory; what was not finished is lost. Idempotent. */
    synchronized void end() {
        if (!ended) {
            ended = true;
            deflater.end();
            OPEN.decrementAndGet();
        }
    }

    private void start() throws IOException {
        if (ended) {
            throw new IOException("the response's compression has ended");
        }
        if (!started) {
            started = true;
            sink.write(HEADER, 0, HEADER.length);
        }
    }

    private int deflate(int flush) throws IOException {
        int n = deflater.deflate(output, 0, output.length, flush);
        if (n > 0) {
            sink.write(output, 0, n);
        }
        return n;
    }
}
