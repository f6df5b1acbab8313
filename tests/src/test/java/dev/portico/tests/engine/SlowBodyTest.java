package dev.portico.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.Handler;
import dev.portico.server.ServerOptions;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies sent slowly, to hold a thread: the minimum body rate answers 408, and an unread body is skipped
 * only for a bounded time. Short grace periods keep the tests quick; the rule is the same with the defaults.
 */
class SlowBodyTest extends EngineTest {
    private static final String UPLOAD_HEAD = "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 200000\r\n\r\n";

    /** Reads the whole body, then answers; any other path answers at once. */
    private static final Handler UPLOADS = exchange -> {
        if (exchange.request().path().equals("/upload")) {
            int n = exchange.requestBody().readAllBytes().length;
            exchange.responseBody().write(("read " + n).getBytes(StandardCharsets.UTF_8));
        } else {
            exchange.responseBody().write("fast".getBytes(StandardCharsets.UTF_8));
        }
    };

    private static ServerOptions quickRate(int threads) {
        return ServerOptions.defaults().withThreads(threads).withMinBodyRate(1000, Duration.ofMillis(300));
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aBodyArrivingSlowerThanTheMinimumRateIsAnswered408(int threads) throws Exception {
        start(quickRate(threads), UPLOADS);
        try (Socket socket = connect()) {
            send(socket, UPLOAD_HEAD + "x".repeat(10));  // and then nothing: far below 1000 bytes/s
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals(408, response.status, response.text());
            assertEquals("close", response.header("Connection"));
            assertTrue(closedByServer(socket));
        }
    }

    /** With no minimum rate, a body that stops arriving still ends in a 408, once the idle timeout has passed. */
    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aBodySilentForTheIdleTimeoutIsAnswered408(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads).withMinBodyRate(0, Duration.ZERO)
                .withIdleTimeout(Duration.ofMillis(500)), UPLOADS);
        try (Socket socket = connect()) {
            send(socket, UPLOAD_HEAD + "x".repeat(10));
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals(408, response.status, response.text());
            assertEquals("close", response.header("Connection"));
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aSlowBodyAfterTheResponseWasCommittedLosesItsConnection(int threads) throws Exception {
        start(quickRate(threads), exchange -> {
            exchange.responseBody().write("started".getBytes(StandardCharsets.UTF_8));
            exchange.responseBody().flush();
            exchange.requestBody().readAllBytes();
            exchange.responseBody().write("never".getBytes(StandardCharsets.UTF_8));
        });
        try (Socket socket = connect()) {
            send(socket, UPLOAD_HEAD + "x".repeat(10));
            InputStream in = socket.getInputStream();
            RawHttp.Response head = RawHttp.read(in, true);
            assertEquals(200, head.status);
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(rest.contains("started"), rest);
            assertFalse(rest.contains("408") || rest.contains("never"), "no second answer after the commit: " + rest);
            assertFalse(rest.endsWith("0\r\n\r\n"), "the chunked body is cut off, not ended: " + rest);
        }
    }

    /** Skipping an unread body is bounded in time too, not only in size: a trickling client gets no thread. */
    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void anUnreadBodyIsSkippedForABoundedTime(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), text("ok"));
        try (Socket socket = connect()) {
            send(socket, UPLOAD_HEAD + "x".repeat(1000));  // and then nothing, well inside the 30 s idle timeout
            assertEquals("ok", RawHttp.read(socket.getInputStream()).text());
            assertTrue(closedByServer(socket), "closed by the server, before the client's 10 s guard");
        }
    }

    /**
     * A client that writes its whole body before reading, as most do, must still read an answer given without
     * reading the body (a refused form, a 413, an app that ignores the body): the close lingers over a body a
     * little larger than the default form limit instead of resetting the connection under the client's writes.
     */
    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aClientWritingALargeUnreadBodyReadsTheAnswer(int threads) throws Exception {
        start(ServerOptions.defaults().withThreads(threads), text("ok"));
        byte[] body = new byte[3 * 1024 * 1024 + 512 * 1024];
        for (String connection : new String[] {"keep-alive", "close"}) {
            try (Socket socket = connect()) {
                send(socket, "POST /ignored HTTP/1.1\r\nHost: h\r\nConnection: " + connection
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n");
                socket.getOutputStream().write(body);
                assertEquals("ok", RawHttp.read(socket.getInputStream()).text(), connection);
            }
        }
    }

    /**
     * Three hundred clients uploading a byte every 5 s, more than the 200 threads of Java 17's default pool, and
     * reconnecting whenever they are cut off: a fast client is still answered while they are all connected.
     */
    @Test
    void threeHundredSlowUploadersDoNotStopAFastClient() throws Exception {
        start(ServerOptions.defaults().withMinBodyRate(1000, Duration.ofMillis(500)), UPLOADS);
        SlowUploaders slow = new SlowUploaders(300);
        try {
            slow.start();
            ConnectionLifecycleTest.await("the slow uploaders are connected", Duration.ofSeconds(30),
                    () -> server.openConnections() >= 300);
            for (int i = 0; i < 5; i++) {
                try (Socket fast = connect()) {
                    fast.setSoTimeout(30_000);  // generous: without the rule, the pool never frees a thread
                    send(fast, "GET /fast HTTP/1.1\r\nHost: h\r\n\r\n");
                    assertEquals("fast", RawHttp.read(fast.getInputStream()).text());
                }
            }
            assertEquals(300, slow.connected(), "the slow uploaders were connected throughout");
            ConnectionLifecycleTest.await("a slow uploader has been cut off", Duration.ofSeconds(30),
                    () -> slow.cut.get() > 0);
        } finally {
            slow.stop();
        }
    }

    /**
     * Clients that each send an upload head and then one body byte every 5 s; one that gets an answer (a 408) or
     * loses its connection is replaced by a new one, so the server always has all of them to deal with.
     */
    private final class SlowUploaders {
        private final List<Socket> sockets = new ArrayList<>();
        private final List<Long> lastSent = new ArrayList<>();
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        final AtomicInteger cut = new AtomicInteger();

        SlowUploaders(int count) {
            for (int i = 0; i < count; i++) {
                sockets.add(null);
                lastSent.add(0L);
            }
        }

        void start() {
            clock.scheduleWithFixedDelay(this::tick, 0, 100, TimeUnit.MILLISECONDS);
        }

        private synchronized void tick() {
            long now = System.nanoTime();
            for (int i = 0; i < sockets.size(); i++) {
                Socket socket = sockets.get(i);
                try {
                    if (socket == null) {
                        open(i, now);
                    } else if (socket.getInputStream().available() > 0) {
                        cut.incrementAndGet();  // answered before its body was in: a 408
                        socket.close();
                        open(i, now);
                    } else if (now - lastSent.get(i) > TimeUnit.SECONDS.toNanos(5)) {
                        send(socket, "x");
                        lastSent.set(i, now);
                    }
                } catch (IOException e) {
                    cut.incrementAndGet();
                    close(i);
                }
            }
        }

        private void open(int i, long now) throws IOException {
            Socket socket = connect();
            sockets.set(i, socket);
            send(socket, UPLOAD_HEAD + "x");
            lastSent.set(i, now);
        }

        private void close(int i) {
            Socket socket = sockets.get(i);
            sockets.set(i, null);
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // a new one takes its place on the next tick
            }
        }

        synchronized int connected() {
            return (int) sockets.stream().filter(s -> s != null && !s.isClosed()).count();
        }

        void stop() throws InterruptedException {
            clock.shutdownNow();
            clock.awaitTermination(10, TimeUnit.SECONDS);
            synchronized (this) {
                for (int i = 0; i < sockets.size(); i++) {
                    close(i);
                }
            }
        }
    }
}
