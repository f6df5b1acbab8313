package dev.portico.server;

import java.io.IOException;
import java.time.Duration;

/**
 * The engine: accepts connections and runs each one's request loop, handing every request to a {@link Handler}.
 * Knows nothing of servlets.
 */
public final class HttpServer {
    // CONTRACT: being implemented (accept loop, connections, timeouts, graceful stop).

    public HttpServer(ServerOptions options, Handler handler) {
    }

    /** Binds and starts accepting. @throws java.net.BindException if the port is in use */
    public HttpServer start() throws IOException {
        throw new UnsupportedOperationException("start");
    }

    /** The port actually bound. */
    public int port() {
        throw new UnsupportedOperationException("port");
    }

    /** Stops gracefully with the configured grace period. */
    public void stop() {
        stop(Duration.ZERO);
    }

    /**
     * Stops accepting, closes idle connections, waits up to {@code grace} for in-flight exchanges, then closes the
     * rest. @return true if every exchange finished within the grace period
     */
    public boolean stop(Duration grace) {
        throw new UnsupportedOperationException("stop");
    }

    /** True when each connection runs on its own virtual thread (Java 21+, threads = 0). */
    public boolean usesVirtualThreads() {
        throw new UnsupportedOperationException("usesVirtualThreads");
    }

    public int openConnections() {
        throw new UnsupportedOperationException("openConnections");
    }
}
