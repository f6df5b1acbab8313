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
 * @param minBodyRate        bytes per second a request body must average while the application waits for it, once
 *                           the grace period has passed, else 408 (0 = no minimum)
 * @param bodyRateGrace      how long a request body may arrive slower than {@code minBodyRate} (time the
 *                           application spends waiting in body reads)
 * @param tls                HTTPS settings, or null to serve plain HTTP only
 * @param trustedProxies     the peers whose forwarding headers (Forwarded, X-Forwarded-*) are believed
 * @param compression        when and what response bodies are compressed
 */
public record ServerOptions(String host, int port, int threads, int maxConnections, Duration headerTimeout,
                            Duration idleTimeout, Duration shutdownGrace, int responseBufferSize,
                            HttpLimits limits, long minBodyRate, Duration bodyRateGrace, TlsOptions tls,
                            TrustedProxies trustedProxies, Compression compression) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_POOL_THREADS = 200;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_RESPONSE_BUFFER = 16 * 1024;
    /**
     * Kestrel's defaults: 240 bytes/s after 5 s. A body trickled slower holds a thread (a pool thread on Java 17)
     * for as long as the client likes, since each byte restarts the idle timeout; a real client on a slow link
     * still sends far more than 240 bytes/s.
     */
    public static final long DEFAULT_MIN_BODY_RATE = 240;
    public static final Duration DEFAULT_BODY_RATE_GRACE = Duration.ofSeconds(5);

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, 0, DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_SHUTDOWN_GRACE, DEFAULT_RESPONSE_BUFFER, HttpLimits.defaults(),
                DEFAULT_MIN_BODY_RATE, DEFAULT_BODY_RATE_GRACE, null, TrustedProxies.defaults(), Compression.defaults());
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withThreads(int threads) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withHeaderTimeout(Duration headerTimeout) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withIdleTimeout(Duration idleTimeout) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withShutdownGrace(Duration shutdownGrace) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withResponseBufferSize(int responseBufferSize) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withLimits(HttpLimits limits) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    /** A request body must average {@code bytesPerSecond} once it has been waited for {@code grace}; 0 = off. */
    public ServerOptions withMinBodyRate(long bytesPerSecond, Duration grace) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("minimum body rate below zero: " + bytesPerSecond);
        }
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, bytesPerSecond, grace, tls, trustedProxies, compression);
    }

    public ServerOptions withTls(TlsOptions tls) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withTrustedProxies(TrustedProxies trustedProxies) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }

    public ServerOptions withCompression(Compression compression) {
        return new ServerOptions(host, port, threads, maxConnections, headerTimeout, idleTimeout, shutdownGrace,
                responseBufferSize, limits, minBodyRate, bodyRateGrace, tls, trustedProxies, compression);
    }
}
