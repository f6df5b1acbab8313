package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP upgrade (Servlet 6.1 §2.3.3.5, RFC 9110 §7.8) through raw sockets, with an echo protocol of this test's own:
 * after the 101, every byte the client sends comes back. Each test runs on virtual threads (0; the platform pool on
 * Java 17) and on a pool of 2 platform threads.
 */
class UpgradeTest extends ServletTestSupport {
    static final AtomicInteger destroyed = new AtomicInteger();
    static final AtomicInteger allDataRead = new AtomicInteger();
    static final AtomicInteger errors = new AtomicInteger();
    static final AtomicInteger initialised = new AtomicInteger();

    @BeforeEach
    void resetCounters() {
        destroyed.set(0);
        allDataRead.set(0);
        errors.set(0);
        initialised.set(0);
    }

    /** Reads in init() with plain blocking reads, and writes each piece back. */
    public static class BlockingEcho implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection wc) {
            initialised.incrementAndGet();
            try {
                InputStream in = wc.getInputStream();
                OutputStream out = wc.getOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                wc.close();
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
        }
    }

    /** Reads with a ReadListener, as a portable WebSocket implementation does. */
    public static class NonBlockingEcho implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection wc) {
            initialised.incrementAndGet();
            try {
                ServletInputStream in = wc.getInputStream();
                ServletOutputStream out = wc.getOutputStream();
                in.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[8192];

                    @Override
                    public void onDataAvailable() throws IOException {
                        while (in.isReady() && !in.isFinished()) {
                            int n = in.read(buffer);
                            if (n > 0) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                        allDataRead.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.incrementAndGet();
                    }
                });
            } catch (IOException e) {
                errors.incrementAndGet();
            }
        }

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
        }
    }

    private WebAppSpec app() {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("upgrade", servlet((req, resp) -> {
            String protocol = req.getHeader("Upgrade");
            if ("blocking-echo".equals(protocol) || "echo".equals(protocol)) {
                resp.setHeader("Upgrade", protocol);
                resp.setHeader("Connection", "Upgrade");
                if (protocol.equals("echo")) {
                    req.upgrade(NonBlockingEcho.class);
                } else {
                    req.upgrade(BlockingEcho.class);
                }
                if (req.getParameter("flush") != null) {
                    resp.flushBuffer();  // as Tyrus does: the 101 goes out before service() returns
                }
                return;
            }
            resp.setContentType("text/plain");
            resp.getWriter().print("plain");
        })).mapping("/*");
        return spec;
    }

    private static String upgradeRequest(String target, String protocol) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\nUpgrade: " + protocol + "\r\nConnection: Upgrade\r\n\r\n";
    }

    static String readExactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private Socket upgraded(String target, String protocol, String pipelined) throws IOException {
        Socket socket = RawHttp.connect("127.0.0.1", port(), 10_000);
        RawHttp.send(socket, upgradeRequest(target, protocol) + pipelined);
        String head = RawHttp.readHead(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
        return socket;
    }

    private static String echo(Socket socket, String text) throws IOException {
        RawHttp.send(socket, text);
        return readExactly(socket.getInputStream(), text.length());
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void upgradeAnswers101WithTheAppsHeadersAndNoFraming(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        try (Socket socket = RawHttp.connect("127.0.0.1", port(), 10_000)) {
            RawHttp.send(socket, upgradeRequest("/", "echo"));
            String head = RawHttp.readHead(socket.getInputStream()).toLowerCase();
            assertTrue(head.startsWith("http/1.1 101 switching protocols\r\n"), head);
            assertTrue(head.contains("\r\nupgrade: echo\r\n"), head);
            assertTrue(head.contains("\r\nconnection: upgrade\r\n"), head);
            assertFalse(head.contains("content-length"), head);
            assertFalse(head.contains("transfer-encoding"), head);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aBlockingHandlerOwnsTheConnectionAfterTheUpgrade(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        try (Socket socket = upgraded("/", "blocking-echo", "")) {
            assertEquals("hello", echo(socket, "hello"));
            assertEquals("GET / HTTP/1.1\r\n\r\n", echo(socket, "GET / HTTP/1.1\r\n\r\n"));  // not HTTP any more
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aNonBlockingHandlerOwnsTheConnectionAfterTheUpgrade(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        try (Socket socket = upgraded("/", "echo", "")) {
            assertEquals("hello", echo(socket, "hello"));
            assertEquals("again", echo(socket, "again"));
            String big = "x".repeat(200_000);
            assertEquals(big, echo(socket, big));
        }
    }

    @ParameterizedTest(name = "threads={0} protocol={1}")
    @org.junit.jupiter.params.provider.CsvSource({"0,echo", "2,echo", "0,blocking-echo", "2,blocking-echo"})
    void bytesPipelinedAfterTheUpgradeRequestBelongToTheNewProtocol(int threads, String protocol) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        try (Socket socket = upgraded("/", protocol, "early")) {
            assertEquals("early", readExactly(socket.getInputStream(), 5));
            assertEquals("later", echo(socket, "later"));
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void theUpgradeRequestsBodyIsHttpAndTheNewProtocolStartsAfterIt(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        try (Socket socket = RawHttp.connect("127.0.0.1", port(), 10_000)) {
            String request = "POST / HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n"
                    + "Content-Length: 4\r\n\r\nbody";
            RawHttp.send(socket, request + "early");
            String head = RawHttp.readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertEquals("early", readExactly(socket.getInputStream(), 5));
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void undeployingTheAppDestroysItsHandlersAndClosesTheirConnections(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        try (Socket socket = upgraded("/", "echo", "")) {
            assertEquals("hi", echo(socket, "hi"));
            portico.undeploy("");
            assertEquals(1, destroyed.get());
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aClientCloseEndsTheInputAndDestroysTheHandlerOnce(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        Socket socket = upgraded("/", "echo", "");
        assertEquals("hi", echo(socket, "hi"));
        socket.close();
        await("destroy() after the client closed", Duration.ofSeconds(10), () -> destroyed.get() > 0);
        assertEquals(1, destroyed.get());
        assertEquals(1, allDataRead.get() + errors.get());
    }

    @ParameterizedTest(name = "threads={0} protocol={1}")
    @org.junit.jupiter.params.provider.CsvSource({"0,echo", "2,echo", "0,blocking-echo", "2,blocking-echo"})
    void aStopDestroysTheHandlerAndClosesTheUpgradedConnection(int threads, String protocol) throws Exception {
        start(ServerOptions.defaults().withThreads(threads).withShutdownGrace(Duration.ofSeconds(30)), app());
        try (Socket socket = upgraded("/", protocol, "")) {
            assertEquals("hi", echo(socket, "hi"));
            long started = System.nanoTime();
            portico.stop();
            portico = null;
            assertEquals(1, destroyed.get());
            assertEquals(-1, socket.getInputStream().read());
            // not held for the grace period like a request in flight
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(20).toNanos());
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void a101FlushedByTheAppBeforeServiceReturnsIsTheUpgradeResponse(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), app());
        try (Socket socket = RawHttp.connect("127.0.0.1", port(), 10_000)) {
            RawHttp.send(socket, upgradeRequest("/?flush=1", "echo") + "early");
            String head = RawHttp.readHead(socket.getInputStream()).toLowerCase();
            assertTrue(head.startsWith("http/1.1 101 "), head);
            assertTrue(head.contains("\r\nconnection: upgrade\r\n"), head);
            assertFalse(head.contains("transfer-encoding"), head);
            assertFalse(head.contains("content-length"), head);
            assertEquals("early", readExactly(socket.getInputStream(), 5));
            assertEquals("hello", echo(socket, "hello"));
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void theIdleTimeoutNoLongerAppliesOnceUpgraded(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads).withIdleTimeout(Duration.ofMillis(200))
                .withHeaderTimeout(Duration.ofMillis(200)), app());
        try (Socket socket = upgraded("/", "echo", "")) {
            Thread.sleep(1500);  // several idle timeouts and watchdog and poller sweeps, with the client silent
            assertEquals("still here", echo(socket, "still here"));
        }
    }

    @Test
    void anUpgradeTheAppDidNotAskForIsIgnored() throws Exception {
        start(app());
        try (Socket socket = RawHttp.connect("127.0.0.1", port(), 10_000)) {
            String request = upgradeRequest("/", "h2c");
            RawHttp.send(socket, request + request);
            for (int i = 0; i < 2; i++) {
                String head = RawHttp.readHead(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200 "), head);
                assertEquals("plain", readExactly(socket.getInputStream(), 5));
            }
        }
        assertEquals(0, initialised.get());
    }

    /**
     * On the platform pool a non-blocking handler waiting for data holds no thread: it waits in the poller, so two
     * threads serve twenty waiting upgraded connections and still answer a plain request.
     */
    @Test
    void upgradedConnectionsWaitingForDataHoldNoPoolThread() throws Exception {
        start(ServerOptions.defaults().withThreads(2), app());
        List<Socket> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = upgraded("/", "echo", "");
                assertEquals("hi", echo(socket, "hi"));
                waiting.add(socket);
            }
            try (Socket plain = RawHttp.connect("127.0.0.1", port(), 10_000)) {
                RawHttp.send(plain, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                String head = RawHttp.readHead(plain.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            }
            for (Socket socket : waiting) {
                assertEquals("bye", echo(socket, "bye"));
            }
        } finally {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
    }

    /**
     * What a thousand upgraded connections waiting for data cost in threads on the platform pool (the Java 17
     * model): no thread each. The pool may have started up to its size of workers while the upgrades were served,
     * but none is held by a waiting connection, so the count stays within the pool's size, not the connections'.
     */
    @Test
    void aThousandWaitingUpgradedConnectionsCostNoThreadEach() throws Exception {
        int pool = 4;
        start(ServerOptions.defaults().withThreads(pool), app());
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        List<Socket> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket socket = upgraded("/", "echo", "");
                assertEquals("hi", echo(socket, "hi"));
                waiting.add(socket);
            }
            int after = threads.getThreadCount();
            System.out.printf("1000 upgraded connections waiting on a pool of %d: %d threads before, %d after (%s)%n",
                    pool, before, after, System.getProperty("java.version"));
            assertTrue(after - before <= pool, before + " threads before, " + after + " after");
            assertEquals("bye", echo(waiting.get(0), "bye"));
        } finally {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
    }
}
