package dev.portico.server;

import dev.portico.http.HttpLimits;
import java.time.Duration;

/**
 * Everything that tunes the server, with its defaults in one place (documented in the README).
 *
 * @param host               address to bind; "0.0.0.0" listens everywhere
 * @param port               port to bind; 0 picks a free one
 * @param threads            worker threads; 0 = a virtual thread per connection where the JDK has them, else a
 *                           pool of {@link #DEFAULT_POOL_THREADS}; 1 = the iterative server (one request at a time)
 * @param maxConnections     open connections beyond which new ones wait in the accept backlog
 * @param headerTimeout      time allowed to receive a whole request head once its first byte arrived → 408
 * @param idleTimeout        time a keep-alive connection may wait for its next request
 * @param shutdownGrace      how long a graceful stop waits for in-flight requests
 * @param responseBufferSize default response buffer; a response that fits is sent with Content-Length
 * @param limits             request size limits
 */
public record ServerOptions(String host, int port, int threads, int maxConnections, Duration headerTimeout,
                            Duration idleTimeout, Duration shutdownGrace, int responseBufferSize,
                            HttpLimits limits) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_POOL_THREADS = 200;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_RESPONSE_BUFFER = 16 * 1024;

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, 0, DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_SHUTDOWN_GRACE, DEFAULT_RESPONSE_BUFFER, HttpLimits.defaults());
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withThreads(int threads) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withHeaderTimeout(Duration headerTimeout) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withIdleTimeout(Duration idleTimeout) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withShutdownGrace(Duration shutdownGrace) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withResponseBufferSize(int responseBufferSize) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }

    public ServerOptions withLimits(HttpLimits limits) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits);
    }
}
