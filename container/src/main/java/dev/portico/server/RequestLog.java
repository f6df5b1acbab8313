package dev.portico.server;

/**
 * Told of every finished exchange, on the connection's thread: keep it quick (hand the line to another thread).
 * The access log is one.
 */
@FunctionalInterface
public interface RequestLog {
    void completed(Exchange exchange, long durationNanos);
}
