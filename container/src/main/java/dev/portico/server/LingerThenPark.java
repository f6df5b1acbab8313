package dev.portico.server;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Waiting on a bounded pool of platform threads: a connection between requests waits in the {@link IdlePoller}
 * without a thread, so neither idle nor slow clients can starve the pool. Before that, a pool thread lingers a
 * moment on the socket: a busy keep-alive client's next request usually arrives within it, and a short timed read
 * costs far less than a trip through the selector and back to the pool.
 */
final class LingerThenPark implements IdleWait {
    /** How long a pool thread waits for a keep-alive client's next request before parking the connection. */
    private static final int LINGER_MILLIS = 2;

    private final HttpServer server;
    private final IdlePoller poller;
    private final BlockingWait read;

    LingerThenPark(HttpServer server, IdlePoller poller) {
        this.server = server;
        this.poller = poller;
        this.read = new BlockingWait(server);
    }

    @Override
    public void accepted(Connection connection) {
        poller.park(connection, System.nanoTime() + server.options().idleTimeout().toNanos());
    }

    @Override
    public boolean awaitInput(Connection connection, boolean started, long deadline) throws IOException {
        if (connection.isTls()) {
            return awaitTls(connection, started, deadline);
        }
        if (connection.phase() == Connection.Phase.PARKED) {
            return read.awaitInput(connection, started, deadline);  // the poller saw bytes arrive: read them
        }
        // While other connections queue for a thread, go to the back of the line through the poller: a client that
        // always has its next request ready must not keep a thread for good (with more busy connections than
        // threads, the rest would wait until one of them paused).
        int arrived = started || server.connectionsAwaitThreads() ? 0 : linger(connection);
        if (arrived > 0) {
            return true;
        }
        if (arrived == 0) {
            poller.park(connection, deadline);
        }
        return false;
    }

    /**
     * A TLS read waits for a whole record, and the handshake for the client's answers: more than the bytes the poller
     * saw arrive. So every read is a short one, also after the poller woke the connection, and a client that is slow
     * to send the rest goes back to the poller instead of holding the thread (its handshake and head still bounded by
     * the header timeout). A record already decrypted is read at once: the poller would never see it.
     */
    private boolean awaitTls(Connection connection, boolean started, long deadline) throws IOException {
        if (deadline - System.nanoTime() <= 0) {
            return connection.readTimedOut(started);
        }
        int arrived = linger(connection);
        if (arrived > 0) {
            return true;
        }
        if (arrived == 0) {
            poller.park(connection, connection.deadlineAfterRead(deadline));
        }
        return false;
    }

    @Override
    public boolean yieldThread(Connection connection) {
        if (!server.connectionsAwaitThreads()) {
            return false;
        }
        // Served after those queued for a thread, as an idle connection would be after the poller.
        server.execute(connection);
        return true;
    }

    /** @return the bytes that arrived, 0 if none did in time, -1 if the client closed (and so did we) */
    private static int linger(Connection connection) throws IOException {
        Socket socket = connection.channel().socket();
        socket.setSoTimeout(LINGER_MILLIS);
        try {
            int n = connection.input().fill();
            if (n < 0) {
                connection.close();
            } else if (!connection.transition(Connection.Phase.READING)) {
                return -1;
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }
}
