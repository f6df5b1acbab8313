package dev.portico.servlet;

import dev.portico.server.UpgradedConnection;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The output of an upgraded connection ({@link jakarta.servlet.http.WebConnection#getOutputStream}), unbuffered.
 * Non-blocking mode works as {@link ResponseOutput}'s: a write copies the bytes and a container thread does the
 * blocking write; {@code isReady()} is false until it is done, and a false answer is followed by
 * {@code onWritePossible}. A write never blocks the handler's thread.
 */
final class UpgradeOutput extends ServletOutputStream {
    private final UpgradeWebConnection owner;
    private final UpgradedConnection connection;
    private final OutputStream out;

    private WriteListener listener;
    private boolean ready = true;
    private boolean writePossibleOwed;
    private byte[] pending;

    UpgradeOutput(UpgradeWebConnection owner, UpgradedConnection connection) {
        this.owner = owner;
        this.connection = connection;
        this.out = connection.output();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (listener != null) {
            handOver(Arrays.copyOfRange(b, off, off + len));
            return;
        }
        out.write(b, off, len);
    }

    /** Every write goes to the socket at once; in non-blocking mode there is nothing left to flush. */
    @Override
    public void flush() throws IOException {
        if (listener == null) {
            out.flush();
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public synchronized boolean isReady() {
        if (listener == null || ready) {
            return true;
        }
        writePossibleOwed = true;
        return false;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        Objects.requireNonNull(writeListener, "writeListener");
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("a WriteListener has already been set");
            }
            listener = writeListener;
        }
        connection.execute(() -> callback(null));    // a new stream can be written at once
    }

    private void handOver(byte[] bytes) {
        synchronized (this) {
            if (!ready) {
                throw new IllegalStateException("write while isReady() is false: wait for onWritePossible");
            }
            ready = false;
            pending = bytes;
        }
        connection.execute(this::drain);
    }

    /** On a container thread: the blocking write, then onWritePossible if the handler was told to wait. */
    private void drain() {
        byte[] bytes;
        synchronized (this) {
            bytes = pending;
            pending = null;
        }
        Throwable failure = null;
        try {
            out.write(bytes, 0, bytes.length);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean owed;
        synchronized (this) {
            ready = true;
            owed = writePossibleOwed;
            writePossibleOwed = false;
        }
        if (failure != null) {
            callback(failure);
        } else if (owed) {
            callback(null);
        }
    }

    private void callback(Throwable failure) {
        if (owner.isDestroyed()) {
            return;
        }
        ClassLoader previous = AppClassLoader.enter(owner.loader());
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
            connection.close();
        } finally {
            AppClassLoader.exit(previous);
        }
    }
}
