package dev.portico.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The phase of a connection is moved by several threads; CLOSED, once set by any of them, is final. */
class ConnectionPhaseTest {
    private ServerSocketChannel listener;
    private SocketChannel client;
    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open(listener.getLocalAddress());
        HttpServer server = new HttpServer(ServerOptions.defaults(), exchange -> { });
        connection = new Connection(server, listener.accept(), 1, null);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        listener.close();
    }

    /** The watchdog closes a connection just as its thread hands it to the poller: it must stay closed. */
    @Test
    void aClosedConnectionIsNeverParkedAgain() {
        connection.close();
        connection.parked(System.nanoTime() + 1_000_000_000L);
        assertEquals(Connection.Phase.CLOSED, connection.phase());
    }

    @Test
    void noPhaseFollowsClosed() {
        connection.close();
        for (Connection.Phase phase : Connection.Phase.values()) {
            assertFalse(connection.transition(phase), phase.name());
        }
        assertEquals(Connection.Phase.CLOSED, connection.phase());
    }

    @Test
    void closingTwiceClosesOnce() {
        connection.close();
        connection.close();
        assertEquals(Connection.Phase.CLOSED, connection.phase());
        assertFalse(connection.channel().isOpen());
    }
}
