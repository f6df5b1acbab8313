package dev.portico.servlet;

import dev.portico.server.UpgradedConnection;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The input of an upgraded connection ({@link jakarta.servlet.http.WebConnection#getInputStream}). Blocking reads go
 * straight to the connection. Non-blocking mode works as {@link RequestInput}'s: a container thread fetches the next
 * chunk and calls {@code onDataAvailable}; {@code isReady()} is true while the chunk has bytes left, and a false
 * answer schedules the next fetch — except that the fetch waits for readability first
 * ({@link UpgradedConnection#whenReadable}), so on the platform pool no thread is held while the client is silent.
 * The end of the stream (the client closed) is {@code onAllDataRead}, a failed read {@code onError}, each followed
 * by closing the connection, which destroys the handler.
 */
final class UpgradeInput extends ServletInputStream {
    private static final int CHUNK = 16 * 1024;

    private final UpgradeWebConnection owner;
    private final UpgradedConnection connection;
    private final InputStream in;
    private boolean finished;

    private ReadListener listener;
    private byte[] chunk;
    private int chunkPos;
    private int chunkLen;
    private boolean eof;
    private boolean fetching;

    UpgradeInput(UpgradeWebConnection owner, UpgradedConnection connection) {
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
        if (listener != null) {
            synchronized (this) {
                if (chunkPos < chunkLen) {
                    int n = Math.min(len, chunkLen - chunkPos);
                    System.arraycopy(chunk, chunkPos, b, off, n);
                    chunkPos += n;
                    return n;
                }
                if (eof) {
                    finished = true;
                    return -1;
                }
                throw new IllegalStateException("read() while isReady() is false: wait for onDataAvailable");
            }
        }
        if (finished) {
            return -1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        if (listener != null) {
            synchronized (this) {
                return chunkLen - chunkPos;
            }
        }
        return finished ? 0 : in.available();
    }

    @Override
    public boolean isFinished() {
        if (listener != null) {
            synchronized (this) {
                return eof && chunkPos >= chunkLen;
            }
        }
        return finished;
    }

    @Override
    public boolean isReady() {
        if (listener == null) {
            return true;
        }
        synchronized (this) {
            if (chunkPos < chunkLen || eof) {
                return true;
            }
            scheduleFetch();
            return false;
        }
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        Objects.requireNonNull(readListener, "readListener");
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("a ReadListener has already been set");
            }
            listener = readListener;
            scheduleFetch();
        }
    }

    /** Caller holds the lock. One fetch at a time; its callback answers the isReady() that was false. */
    private void scheduleFetch() {
        if (!fetching && !eof) {
            fetching = true;
            connection.whenReadable(this::fetch);
        }
    }

    private void fetch() {
        ClassLoader previous = AppClassLoader.enter(owner.loader());
        try {
            byte[] buffer = new byte[CHUNK];
            boolean ended;
            try {
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
                    ended = eof;
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    eof = true;  // nothing more will come: no further fetch, no second callback
                    fetching = false;
                }
                failed(e);
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
                failed(t);
            }
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    private void failed(Throwable t) {
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
