package dev.portico.server;

import java.io.IOException;

/**
 * Waiting on a virtual thread: the read simply blocks, and the JDK parks the thread on its own poller. Its deadline
 * is kept by the server's watchdog ({@link Connection#readUntil}).
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
        return connection.readUntil(started, deadline);
    }

    @Override
    public boolean yieldThread(Connection connection) {
        return false;  // a virtual thread per connection: nobody waits for this one
    }
}
