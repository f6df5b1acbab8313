package dev.portico.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.HttpServer;
import dev.portico.server.ServerOptions;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Connections over time: timeouts, limits, idle clients, stopping. Parameterised tests run on both thread models:
 * threads = 0 (virtual threads on Java 21+, the default pool on 17) and a small platform pool with the idle poller.
 */
class ConnectionLifecycleTest extends EngineTest {

    /** Polls until the condition holds or the deadline passes: waits for an event, never asserts on a duration. */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 4})
    void aThousandIdleConnectionsDoNotStopANewClient(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), text("served"));
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket socket = connect();
                idle.add(socket);
                if (i % 2 == 0) {  // half of them have finished one request and now sit in keep-alive
                    send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                    RawHttp.read(socket.getInputStream());
                }
            }
            await("all idle connections are open", Duration.ofSeconds(10), () -> server.openConnections() == 1000);
            RawHttp.Response response = exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("served", response.text());
            // and the idle ones are still usable
            Socket old = idle.get(1);
            send(old, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("served", RawHttp.read(old.getInputStream()).text());
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void slowHeaderClientIsCutOffWhileOthersAreServed(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads).withHeaderTimeout(Duration.ofMillis(500)),
                text("ok"));
        try (Socket slow = connect()) {
            send(slow, "GET / HTTP/1.1\r\nHo");  // and then nothing
            for (int i = 0; i < 3; i++) {
                assertEquals("ok", exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n").text());
            }
            RawHttp.Response response = RawHttp.read(slow.getInputStream());
            assertEquals(408, response.status);
            assertTrue(closedByServer(slow));
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void halfSentHeadsHoldNoThread(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), text("ok"));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = connect();
                slow.add(socket);
                send(socket, "GET / HTTP/1.1\r\nHo");
            }
            await("all slow connections are open", Duration.ofSeconds(5), () -> server.openConnections() == 20);
            try (Socket fresh = connect()) {
                fresh.setSoTimeout(5_000);  // well inside the 10 s header timeout that would free a blocked pool
                send(fresh, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                assertEquals("ok", RawHttp.read(fresh.getInputStream()).text());
            }
            Socket first = slow.get(0);
            send(first, "st: h\r\n\r\n");
            assertEquals("ok", RawHttp.read(first.getInputStream()).text(), "a slow head completes normally");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads).withIdleTimeout(Duration.ofMillis(300)), text("ok"));
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.read(socket.getInputStream());
            assertTrue(closedByServer(socket), "closed by the server, before the client's 10 s guard");
        }
        await("the closed connection is forgotten", Duration.ofSeconds(5), () -> server.openConnections() == 0);
    }

    /**
     * One pool thread, held by a client that sends its next request the moment a response is in: the thread must
     * still get round to a newcomer, as a thread that kept serving whoever is busiest would not.
     */
    @Test
    void aBusyClientDoesNotKeepTheOnlyThreadFromANewcomer() throws Exception {
        start(ServerOptions.defaults().withThreads(1), text("ok"));
        String request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
        ExecutorService client = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong served = new AtomicLong();
        try (Socket busy = connect()) {
            client.submit(() -> {
                while (!stop.get()) {
                    send(busy, request);
                    RawHttp.read(busy.getInputStream());
                    served.incrementAndGet();
                }
                return null;
            });
            await("the busy client is being served", Duration.ofSeconds(10), () -> served.get() > 1000);
            try (Socket newcomer = connect()) {
                send(newcomer, request);
                assertEquals("ok", RawHttp.read(newcomer.getInputStream()).text());
            }
        } finally {
            stop.set(true);
            client.shutdownNow();
        }
    }

    /**
     * A stop that lands just after a response, while the pool thread still waits a moment for that keep-alive
     * client's next request: the connection must be closed, not parked in the stopped poller for the stop to wait on.
     */
    @Test
    void aStopRightAfterAResponseDoesNotWaitOutTheGracePeriod() throws Exception {
        for (int i = 0; i < 10; i++) {
            start(ServerOptions.defaults().withThreads(2), text("ok"));
            try (Socket client = connect()) {
                send(client, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                assertEquals("ok", RawHttp.read(client.getInputStream()).text());
                assertTrue(server.stop(Duration.ofSeconds(30)), "every connection ended before the grace period");
                server = null;
            }
        }
    }

    /**
     * A keep-alive response that went out before the stop, from a handler still running when the stop began: once
     * the handler returns, the connection has no request started and must be closed, not left waiting for a next
     * request for the whole grace period.
     */
    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aStopAfterACommittedKeepAliveResponseDoesNotWaitOutTheGracePeriod(int threads) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(ServerOptions.defaults().withThreads(threads), exchange -> {
            exchange.responseHeaders().set("Content-Length", "2");
            exchange.responseBody().write("ok".getBytes());
            exchange.responseBody().flush();
            release.await();
        });
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        try (Socket client = connect(); Socket idle = connect()) {
            send(client, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response response = RawHttp.read(client.getInputStream());
            assertEquals("ok", response.text());
            assertEquals(null, response.header("Connection"), "committed as keep-alive, before the stop");
            Future<Boolean> stopped = stopper.submit(() -> server.stop(Duration.ofSeconds(30)));
            assertTrue(closedByServer(idle), "the stop has closed the idle connections");
            release.countDown();
            assertTrue(stopped.get(15, TimeUnit.SECONDS), "every connection ended, well before the 30 s grace");
            assertTrue(closedByServer(client));
            server = null;
        } finally {
            release.countDown();
            stopper.shutdownNow();
        }
    }

    @Test
    void maxConnectionsHoldsNewClientsInTheBacklog() throws Exception {
        start(ServerOptions.defaults().withMaxConnections(2), text("ok"));
        try (Socket first = connect(); Socket second = connect()) {
            await("two connections are open", Duration.ofSeconds(5), () -> server.openConnections() == 2);
            Socket third = connect();
            send(third, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            third.setSoTimeout(300);
            assertThrowsTimeout(third.getInputStream());
            first.close();  // a slot frees up: the waiting client is accepted and served
            third.setSoTimeout(10_000);
            assertEquals("ok", RawHttp.read(third.getInputStream()).text());
            third.close();
        }
    }

    private static void assertThrowsTimeout(InputStream in) throws IOException {
        try {
            in.read();
            throw new AssertionError("the third client was served beyond max connections");
        } catch (java.net.SocketTimeoutException expected) {
            // not accepted yet: exactly what the limit means
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void gracefulStopLetsTheInFlightRequestFinish(int threads) throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(ServerOptions.defaults().withThreads(threads), exchange -> {
            inHandler.countDown();
            release.await();
            exchange.responseBody().write("finished".getBytes());
        });
        try (Socket inFlight = connect(); Socket idle = connect()) {
            send(idle, "GET / HTTP/1.1\r\nHost: h\r\n\r\n".substring(0, 0));
            send(inFlight, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertTrue(inHandler.await(10, TimeUnit.SECONDS));
            ExecutorService stopper = Executors.newSingleThreadExecutor();
            Future<Boolean> stopped = stopper.submit(() -> server.stop(Duration.ofSeconds(10)));
            assertTrue(closedByServer(idle), "idle connections are closed at once");
            await("the listener is closed", Duration.ofSeconds(5), () -> !canConnect(server.port()));
            release.countDown();
            RawHttp.Response response = RawHttp.read(inFlight.getInputStream());
            assertEquals("finished", response.text());
            assertEquals("close", response.header("Connection"));
            assertTrue(stopped.get(10, TimeUnit.SECONDS), "stop reports that every exchange finished");
            stopper.shutdown();
        }
    }

    @Test
    void connectionsRunOnVirtualThreadsWhereTheJdkHasThem() throws Exception {
        start(exchange -> exchange.responseBody().write(
                String.valueOf(Thread.currentThread().getClass().getSimpleName()).getBytes()));
        boolean modernJdk = Runtime.version().feature() >= 21;
        assertEquals(modernJdk, server.usesVirtualThreads());
        String threadClass = exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n").text();
        assertEquals(modernJdk, threadClass.contains("Virtual"), threadClass);
    }

    @Test
    void restartRebindsTheSamePortAtOnce() throws Exception {
        start(text("one"));
        int port = server.port();
        assertEquals("one", exchange("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").text());
        server.stop(Duration.ofSeconds(2));
        server = new HttpServer(ServerOptions.defaults().withPort(port), text("two")).start();
        assertEquals("two", exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n").text());
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 8})
    void aBurstOfConnectionsLeaksNoThreadAndNoFileDescriptor(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), text("ok"));
        burst(500);  // warm up: pools and carrier threads reach their working size
        await("warm-up connections are closed", Duration.ofSeconds(10), () -> server.openConnections() == 0);
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long fdsBefore = openFileDescriptors();
        burst(5000);
        await("every connection is closed", Duration.ofSeconds(20), () -> server.openConnections() == 0);
        await("threads return to their count before the burst (" + threadsBefore + ")", Duration.ofSeconds(20),
                () -> ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore);
        await("file descriptors return to their count before the burst (" + fdsBefore + ")",
                Duration.ofSeconds(20), () -> openFileDescriptors() <= fdsBefore);
    }

    /** Connections from several client threads: some with a request, some closing early, some half a request. */
    private void burst(int connections) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int kind = i % 4;
            results.add(clients.submit(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
                    socket.setSoTimeout(10_000);
                    switch (kind) {
                        case 0, 1 -> {
                            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                            RawHttp.read(socket.getInputStream());
                        }
                        case 2 -> send(socket, "GET / HTTP/1.1\r\nHo");
                        default -> { }
                    }
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    private static long openFileDescriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
