package dev.portico.servlet;

import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * The non-blocking mode of an output stream ({@link ResponseOutput}, {@link UpgradeOutput}; Servlet 6.1 §5.5) in the
 * simple form: a write copies the bytes and a container thread does the blocking write; {@link #isReady()} is false
 * until that is done, and a false answer is followed by {@code onWritePossible} once it is. A write never blocks the
 * app's thread. The stream says how the bytes are written and what a failure means.
 */
final class NonBlockingWrites {
    /** What differs between the streams. */
    interface Stream {
        /** On a container thread: the blocking write of handed-over bytes (none for a flush alone). */
        void writeNow(byte[] bytes, boolean flush) throws IOException;

        /** Whether the listener may still be called (an upgraded connection's handler may be destroyed). */
        boolean callbacksAllowed();

        /** A write or the listener failed; the listener has heard onError. */
        void failed(Throwable failure);
    }

    private final WriteListener listener;
    private final Executor executor;
    private final ClassLoader loader;
    private final Stream stream;

    private boolean ready = true;
    private boolean writePossibleOwed;
    private byte[] pending;
    private boolean pendingFlush;

    NonBlockingWrites(WriteListener listener, Executor executor, ClassLoader loader, Stream stream) {
        this.listener = listener;
        this.executor = executor;
        this.loader = loader;
        this.stream = stream;
    }

    /** Non-blocking mode begins: a new stream can be written at once. */
    void start() {
        executor.execute(() -> callback(null));
    }

    synchronized boolean isReady() {
        if (ready) {
            return true;
        }
        writePossibleOwed = true;
        return false;
    }

    void handOver(byte[] bytes, boolean flush) {
        synchronized (this) {
            if (!ready) {
                throw new IllegalStateException("write while isReady() is false: wait for onWritePossible");
            }
            ready = false;
            pending = bytes;
            pendingFlush = flush;
        }
        executor.execute(this::drain);
    }

    /** On a container thread: the blocking write, then onWritePossible if the app was told to wait. */
    private void drain() {
        byte[] bytes;
        boolean flush;
        synchronized (this) {
            bytes = pending;
            flush = pendingFlush;
            pending = null;
        }
        Throwable failure = null;
        try {
            stream.writeNow(bytes, flush);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean owed;
        synchronized (this) {
            ready = true;
            owed = writePossibleOwed;
            writePossibleOwed = false;
            notifyAll();
        }
        if (failure != null) {
            callback(failure);
        } else if (owed) {
            callback(null);
        }
    }

    private void callback(Throwable failure) {
        if (!stream.callbacksAllowed()) {
            return;
        }
        ClassLoader previous = AppClassLoader.enter(loader);
        try {
            if (failure == null) {
                try {
                    listener.onWritePossible();
                    return;
                } catch (Throwable t) {
                    failure = t;
                }
            }
            try {
                listener.onError(failure);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
            stream.failed(failure);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    /** Waits (at most 30 s) for a handed-over write to be done, before the response is finished. */
    synchronized void awaitWritten() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!ready) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
