package dev.portico.server;

import java.io.IOException;

/**
 * How a connection waits for the bytes of its next request, chosen once when the server starts
 * ({@link HttpServer#start()}): {@link BlockingWait} on virtual threads, {@link LingerThenPark} on a pool of platform
 * threads. Another way of waiting is another implementation, not another branch in {@link Connection}.
 */
interface IdleWait {

    /** Starts a freshly accepted connection, which waits for its first byte. */
    void accepted(Connection connection);

    /**
     * Waits for more bytes of the next request, until {@code deadline} (System.nanoTime based): the idle timeout
     * before its first byte, the header timeout after it ({@code started}).
     *
     * @return true if bytes arrived; false if the connection was handed off (it runs again when they arrive) or ended
     */
    boolean awaitInput(Connection connection, boolean started, long deadline) throws IOException;

    /**
     * Called when a pipelining client's next request is already buffered. @return true if the connection gave up
     * its thread to connections waiting for one, and runs again later
     */
    boolean yieldThread(Connection connection);
}
