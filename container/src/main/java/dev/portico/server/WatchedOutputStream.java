package dev.portico.server;

import java.io.IOException;
import java.io.OutputStream;

/** Marks when a blocking write began, so the watchdog can cut off a client that stopped reading. */
final class WatchedOutputStream extends OutputStream {
    private final OutputStream out;
    private volatile long writeStarted;

    WatchedOutputStream(OutputStream out) {
        this.out = out;
    }

    /** Nanos since the current write began, or -1 when none is under way. */
    long stalledNanos(long now) {
        long started = writeStarted;
        return started == 0 ? -1 : now - started;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        writeStarted = System.nanoTime();
        try {
            out.write(b, off, len);
        } finally {
            writeStarted = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
