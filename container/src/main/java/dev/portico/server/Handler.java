package dev.portico.server;

/**
 * The seam between the server and whatever answers requests: the servlet gateway, or a plain lambda in a test.
 * Called once per request on the connection's thread. To answer later from another thread, call
 * {@link Exchange#suspend()} before returning and {@link Exchange#complete()} when done; the connection waits for
 * that without holding a thread.
 */
@FunctionalInterface
public interface Handler {
    void handle(Exchange exchange) throws Exception;
}
