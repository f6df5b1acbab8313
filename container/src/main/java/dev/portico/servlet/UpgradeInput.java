package dev.portico.servlet;

import dev.portico.server.UpgradedConnection;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The input of an upgraded connection ({@link jakarta.servlet.http.WebConnection#getInputStream}). Blocking reads go
 * straight to the connection. Non-blocking mode is {@link NonBlockingReads}', as {@link RequestInput}'s — except
 * that a fetch waits for readability first ({@link UpgradedConnection#whenReadable}), so on the platform pool no
 * thread is held while the client is silent.
 * The end of the stream (the client closed) is {@code onAllDataRead}, a failed read {@code onError}, each followed
 * by closing the connection, which destroys the handler.
 */
final class UpgradeInput extends ServletInputStream {
    private final PorticoWebConnection owner;
    private final UpgradedConnection connection;
    private final InputStream in;
    private boolean finished;
    /** Set by setReadListener: the stream is in non-blocking mode. */
    private NonBlockingReads nonBlocking;

    UpgradeInput(PorticoWebConnection owner, UpgradedConnection connection) {
        this.owner = owner;
        this.connection = connection;
        this.in = connection.input();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (finished && nonBlocking == null) {
            return -1;
        }
        int n = nonBlocking != null ? nonBlocking.read(b, off, len) : in.read(b, off, len);
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        if (nonBlocking != null) {
            return nonBlocking.available();
        }
        return finished ? 0 : in.available();
    }

    @Override
    public boolean isFinished() {
        return nonBlocking != null ? nonBlocking.isFinished() : finished;
    }

    @Override
    public boolean isReady() {
        return nonBlocking == null || nonBlocking.isReady();
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        Objects.requireNonNull(readListener, "readListener");
        synchronized (this) {
            if (nonBlocking != null) {
                throw new IllegalStateException("a ReadListener has already been set");
            }
            nonBlocking = new NonBlockingReads(in, readListener, () -> connection.whenReadable(this::fetch));
            nonBlocking.start();
        }
    }

    private void fetch() {
        ReadListener listener = nonBlocking.listener();
        ClassLoader previous = AppClassLoader.enter(owner.loader());
        try {
            boolean ended;
            try {
                ended = nonBlocking.fetch();
            } catch (IOException | RuntimeException e) {
                nonBlocking.endAfterFailure();
                failed(listener, e);
                return;
            }
            if (owner.isDestroyed()) {
                return;  // closed by the server or the handler meanwhile: it has been told by destroy()
            }
            try {
                if (ended) {
                    listener.onAllDataRead();
                    connection.close();
                } else {
                    listener.onDataAvailable();
                }
            } catch (Throwable t) {
                failed(listener, t);
            }
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    private void failed(ReadListener listener, Throwable t) {
        if (!owner.isDestroyed()) {
            try {
                listener.onError(t);
            } catch (RuntimeException e) {
                t.addSuppressed(e);
            }
        }
        connection.close();
    }

    /** Closing either stream of a WebConnection ends the connection. */
    @Override
    public void close() {
        finished = true;
        connection.close();
    }
}
