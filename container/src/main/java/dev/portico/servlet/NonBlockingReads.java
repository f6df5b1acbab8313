package dev.portico.servlet;

import jakarta.servlet.ReadListener;
import java.io.IOException;
import java.io.InputStream;

/**
 * The non-blocking mode of an input stream ({@link RequestInput}, {@link UpgradeInput}; Servlet 6.1 §5.3) in the
 * simple form: a container thread does the blocking read of the next chunk and then calls the listener;
 * {@link #isReady()} is true exactly while a fetched chunk has bytes left (or the stream has ended), and a false answer
 * schedules the next fetch, whose callback follows. One fetch at a time. The stream decides how a fetch gets its
 * thread and what the callbacks and failures mean.
 */
final class NonBlockingReads {
    private static final int CHUNK = 16 * 1024;

    private final InputStream in;
    private final ReadListener listener;
    /** Hands the stream's fetch to a container thread. */
    private final Runnable scheduleFetch;
    private byte[] chunk;
    private int chunkPos;
    private int chunkLen;
    private boolean eof;
    private boolean fetching;

    NonBlockingReads(InputStream in, ReadListener listener, Runnable scheduleFetch) {
        this.in = in;
        this.listener = listener;
        this.scheduleFetch = scheduleFetch;
    }

    ReadListener listener() {
        return listener;
    }

    /** Non-blocking mode begins: the first fetch is scheduled at once. */
    synchronized void start() {
        scheduleFetch();
    }

    /** Bytes from the fetched chunk, or -1 once the stream has ended; reading while not ready is the app's error. */
    synchronized int read(byte[] b, int off, int len) {
        if (chunkPos < chunkLen) {
            int n = Math.min(len, chunkLen - chunkPos);
            System.arraycopy(chunk, chunkPos, b, off, n);
            chunkPos += n;
            return n;
        }
        if (eof) {
            return -1;
        }
        throw new IllegalStateException("read() while isReady() is false: wait for onDataAvailable");
    }

    synchronized int available() {
        return chunkLen - chunkPos;
    }

    synchronized boolean isFinished() {
        return eof && chunkPos >= chunkLen;
    }

    synchronized boolean isReady() {
        if (chunkPos < chunkLen || eof) {
            return true;
        }
        scheduleFetch();
        return false;
    }

    /** Caller holds the lock. Its callback is the answer to the isReady() that was false. */
    private void scheduleFetch() {
        if (!fetching && !eof) {
            fetching = true;
            scheduleFetch.run();
        }
    }

    /**
     * On the fetch's thread: the blocking read of the next chunk. A failure leaves the fetch marked running, so no
     * other is scheduled; {@link #endAfterFailure} ends the stream instead.
     *
     * @return true if the stream has ended ({@code onAllDataRead} is owed), false if data is available
     */
    boolean fetch() throws IOException {
        byte[] buffer = new byte[CHUNK];
        int n = in.read(buffer, 0, buffer.length);
        synchronized (this) {
            if (n < 0) {
                eof = true;
            } else {
                chunk = buffer;
                chunkPos = 0;
                chunkLen = n;
            }
            fetching = false;
            return eof;
        }
    }

    /** Nothing more will come after a failed fetch: no further fetch, no second callback. */
    synchronized void endAfterFailure() {
        eof = true;
        fetching = false;
    }
}
