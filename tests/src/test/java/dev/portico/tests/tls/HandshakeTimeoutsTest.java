package dev.portico.tests.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.ServerOptions;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The header timeout covers the TLS handshake, and no client waiting in its handshake holds a thread: on the pool
 * (threads = 2) the connection waits in the idle poller before its ClientHello and between the handshake's flights.
 * Short timeouts, a generous guard on the client side, and never an assertion on elapsed time.
 */
class HandshakeTimeoutsTest extends TlsTestSupport {
    private final List<Socket> clients = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeClients() throws IOException {
        for (Socket socket : clients) {
            socket.close();
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aSilentClientIsClosedAfterTheIdleTimeout(int threads) throws Exception {
        Path keystore = start(threads, Duration.ofMillis(500), Duration.ofSeconds(60));
        Socket silent = connect();
        assertTrue(closedByServer(silent), "a client that never sent its ClientHello is closed");
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aClientHelloTrickledByteByByteIsCutByTheHeaderTimeout(int threads) throws Exception {
        Path keystore = start(threads, Duration.ofSeconds(60), Duration.ofSeconds(1));
        Socket slow = connect();
        byte[] hello = clientHello();
        AtomicBoolean stop = new AtomicBoolean();
        Thread trickle = new Thread(() -> {
            try {
                OutputStream out = slow.getOutputStream();
                for (int i = 0; i < hello.length && !stop.get(); i++) {
                    out.write(hello[i]);
                    out.flush();
                    Thread.sleep(100);  // the whole ClientHello would take longer than the guard below
                }
            } catch (IOException | InterruptedException e) {
                // cut off: what the test expects
            }
        });
        trickle.start();
        try {
            // The idle timeout (60 s) is beyond the guard (15 s): only the header timeout can have closed it.
            assertTrue(closedByServer(slow), "a ClientHello trickled in is cut like a slow request head");
        } finally {
            stop.set(true);
            trickle.join();
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aClientThatStopsInTheMiddleOfItsHandshakeIsCutByTheHeaderTimeout(int threads) throws Exception {
        Path keystore = start(threads, Duration.ofSeconds(60), Duration.ofSeconds(1));
        Socket halfway = connect();
        RawHttp.send(halfway, clientHello());  // and never the Finished message the server then waits for
        assertTrue(closedByServer(halfway), "a handshake left half done is cut");
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void clientsWaitingInTheirHandshakeDoNotStopAFastClient(int threads) throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        // Timeouts far beyond the client's own (10 s): a client served proves that no waiting one held a thread.
        start(ServerOptions.defaults().withThreads(threads).withIdleTimeout(Duration.ofSeconds(120))
                .withHeaderTimeout(Duration.ofSeconds(120)), tls(keystore));
        byte[] hello = clientHello();
        for (int i = 0; i < 4; i++) {
            connect();                                                    // silent: no ClientHello yet
            RawHttp.send(connect(), Arrays.copyOf(hello, hello.length / 2));  // half a ClientHello
            RawHttp.send(connect(), hello);                                   // a ClientHello, then silence
        }
        try (CloseableHttpClient client = httpClient(keystore, null)) {
            for (int i = 0; i < 3; i++) {
                String answer = get(client, "https://localhost:" + portico.port() + "/fast");
                assertTrue(answer.startsWith("200\n"), answer);
            }
        }
        try (var socket = tlsSocket(keystore, portico.port())) {
            RawHttp.send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(RawHttp.read(socket.getInputStream()).status == 200);
        }
    }

    /** Starts HTTPS with these timeouts. @return the server's keystore, which its clients trust */
    private Path start(int threads, Duration idleTimeout, Duration headerTimeout) throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults().withThreads(threads).withIdleTimeout(idleTimeout)
                .withHeaderTimeout(headerTimeout), tls(keystore));
        return keystore;
    }

    private Socket connect() throws IOException {
        Socket socket = RawHttp.connect("127.0.0.1", portico.port(), 15_000);
        clients.add(socket);
        return socket;
    }

    /** Reads (and drops the server's handshake bytes) until the end of the stream: true if the server closed. */
    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[4096];
            while (in.read(discard) >= 0) {
                // the ServerHello and the rest of the server's flight
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;  // reset
        }
    }

    /** The first flight of a real TLS client: a ClientHello record, as JSSE's client would send it. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        if (hello.length < 100 || hello[0] != 0x16) {
            throw new AssertionError("not a ClientHello record: " + hello.length + " bytes");
        }
        return hello;
    }
}
