package dev.portico.server;

import java.io.IOException;

/**
 * Waiting on a virtual thread: the read simply blocks, and the JDK parks the thread on its own poller. The read is
 * untimed; its deadline is kept by the server's watchdog ({@link Connection#enforceReadDeadline}), since on a
 * virtual thread a timed read would cost a scheduler task per request. It is also the read a parked connection
 * makes once the poller saw its bytes arrive ({@link LingerThenPark}).
 */
final class BlockingWait implements IdleWait {
    private final HttpServer server;

    BlockingWait(HttpServer server) {
        this.server = server;
    }

    @Override
    public void accepted(Connection connection) {
        server.execute(connection);
    }

    @Override
    public boolean awaitInput(Connection connection, boolean started, long deadline) throws IOException {
        if (!connection.transition(started ? Connection.Phase.READING : Connection.Phase.IDLE)) {
            return false;
        }
        if (!started && server.isStopping()) {
            // A stop that began meanwhile saw this connection busy and left it; it is idle now (the stop sets its
            // flag before looking at phases, we set the phase before looking at the flag: one of us sees the other).
            connection.close();
            return false;
        }
        if (deadline - System.nanoTime() <= 0) {
            return connection.readTimedOut(started);
        }
        connection.channel().socket().setSoTimeout(0);
        ReadDeadline watched = connection.readDeadline();
        watched.readStarts(deadline);
        int n;
        try {
            n = connection.input().fill();
        } catch (IOException e) {
            if (watched.readEndsCut()) {
                return connection.readTimedOut(started);
            }
            throw e;
        }
        if (watched.readEndsCut()) {
            return connection.readTimedOut(started);
        }
        if (n < 0) {
            connection.close();  // the client went away, perhaps in the middle of a head: nothing to answer
            return false;
        }
        return connection.transition(Connection.Phase.READING);
    }

    @Override
    public boolean yieldThread(Connection connection) {
        return false;  // a virtual thread per connection: nobody waits for this one
    }
}
