package dev.portico.server;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection after {@code 101 Switching Protocols} (RFC 9110 §7.8): no longer HTTP, but the raw streams of the new
 * protocol, handed to whoever asked for the upgrade through {@link Exchange#upgrade}. No idle or header timeout
 * applies any more; the connection lives until one side closes it or the server stops.
 */
public interface UpgradedConnection {

    /**
     * The bytes from the client, starting with any the client sent right after the upgrade request (already read
     * from the socket with it): they belong to the new protocol. Reads block until bytes arrive.
     */
    InputStream input();

    /** The bytes to the client, written straight to the socket (no buffering, no framing). */
    OutputStream output();

    /**
     * Runs {@code task} on a worker once {@link #input()} can be read without waiting for the client (bytes are
     * there, or the end of the stream). On the platform pool the wait holds no thread; the connection waits in the
     * server's poller. At most one such wait at a time.
     */
    void whenReadable(Runnable task);

    /** Runs {@code task} on one of the server's workers. */
    void execute(Runnable task);

    /**
     * Sets what runs, exactly once, when the connection closes, whoever closes it: the protocol itself, the server's
     * stop, or a failed write. It runs before the socket is closed.
     */
    void onClose(Runnable listener);

    /** Closes the connection (after the close listener). Idempotent. */
    void close();

    boolean isOpen();
}
