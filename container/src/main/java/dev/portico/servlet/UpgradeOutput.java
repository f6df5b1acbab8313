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
 * Non-blocking mode is {@link NonBlockingWrites}', as {@link ResponseOutput}'s, its writes run on the connection's
 * executor; a failure closes the connection.
 */
final class UpgradeOutput extends ServletOutputStream {
    private final PorticoWebConnection owner;
    private final UpgradedConnection connection;
    private final OutputStream out;
    /** Set by setWriteListener: the stream is in non-blocking mode. */
    private NonBlockingWrites nonBlocking;

    UpgradeOutput(PorticoWebConnection owner, UpgradedConnection connection) {
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
        if (nonBlocking != null) {
            nonBlocking.handOver(Arrays.copyOfRange(b, off, off + len), false);
            return;
        }
        out.write(b, off, len);
    }

    /** Every write goes to the socket at once; in non-blocking mode there is nothing left to flush. */
    @Override
    public void flush() throws IOException {
        if (nonBlocking == null) {
            out.flush();
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public boolean isReady() {
        return nonBlocking == null || nonBlocking.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        Objects.requireNonNull(writeListener, "writeListener");
        NonBlockingWrites writes;
        synchronized (this) {
            if (nonBlocking != null) {
                throw new IllegalStateException("a WriteListener has already been set");
            }
            writes = new NonBlockingWrites(writeListener, connection::execute, owner.loader(), new Stream());
            nonBlocking = writes;
        }
        writes.start();
    }

    private final class Stream implements NonBlockingWrites.Stream {
        @Override
        public void writeNow(byte[] bytes, boolean flush) throws IOException {
            out.write(bytes, 0, bytes.length);
        }

        @Override
        public boolean callbacksAllowed() {
            return !owner.isDestroyed();
        }

        @Override
        public void failed(Throwable failure) {
            connection.close();
        }
    }
}
