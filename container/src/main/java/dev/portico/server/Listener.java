package dev.portico.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening port and the thread that accepts on it, for plain HTTP or, with a {@link TlsContext}, for HTTPS.
 * Every accepted connection goes to the server, which runs them all alike.
 */
final class Listener {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final TlsContext tls;
    private final ServerSocketChannel channel;
    private final int port;
    private Thread acceptor;

    /** Binds now. @throws java.net.BindException if the port is in use */
    Listener(HttpServer server, String host, int port, TlsContext tls) throws IOException {
        this.server = server;
        this.tls = tls;
        this.channel = ServerSocketChannel.open();
        try {
            // SO_REUSEADDR: a restarted server rebinds at once instead of waiting out TIME_WAIT.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    void start() {
        acceptor = new Thread(this::acceptLoop, tls == null ? "portico-acceptor" : "portico-tls-acceptor");
        acceptor.start();
    }

    int port() {
        return port;
    }

    boolean isTls() {
        return tls != null;
    }

    /** Stops accepting: new clients are refused from now on. */
    void close() {
        try {
            channel.close();
            if (acceptor != null) {
                acceptor.interrupt();  // it may be backing off after a failed accept, or waiting for a permit
                acceptor.join(2000);
            }
        } catch (IOException | InterruptedException e) {
            log.debug("closing listener on port {}: {}", port, e.toString());
        }
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff();
        while (!server.isStopping()) {
            SocketChannel accepted = null;
            boolean permitted = false;
            try {
                server.acquireConnectionPermit();  // over the limit, new clients wait in the listen backlog
                permitted = true;
                accepted = channel.accept();
                backoff.succeeded();
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                server.accepted(accepted, tls);
            } catch (ClosedChannelException | InterruptedException e) {
                if (permitted) {
                    server.releaseConnectionPermit();
                }
                return;
            } catch (IOException | RuntimeException e) {
                if (permitted) {
                    server.releaseConnectionPermit();
                }
                closeQuietly(accepted);
                if (server.isStopping()) {
                    return;
                }
                long delay = backoff.failed();
                int failures = backoff.failuresToLog(System.nanoTime());
                if (failures > 0) {
                    log.warn("accept failed{}: {}; retrying in {} ms", failures > 1 ? " (" + failures + " times)" : "",
                            e.toString(), delay);
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do for a connection that never started
            }
        }
    }
}
