package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sample-apps/ws-chat: a {@code @ServerEndpoint} on Eclipse Tyrus, packed into the app's jar and found by discovery,
 * running on the container's HTTP upgrade. Driven by the JDK's own WebSocket client.
 */
class WsChatSampleTest {
    private static PorticoCli portico;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("ws-chat"));
    }

    @AfterAll
    static void stop() {
        portico.close();
    }

    /** Collects what the server sends: whole text and binary messages, pongs, and the close. */
    static final class Received implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text = new StringBuilder();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            messages.add("pong:" + java.nio.charset.StandardCharsets.UTF_8.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(20, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message from the server within 20 s");
            }
            return message;
        }
    }

    private WebSocket connect(Received received) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + portico.port() + "/chat");
        return client.newWebSocketBuilder().buildAsync(uri, received).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aTextMessageReachesEveryoneInTheRoom() throws Exception {
        Received alice = new Received();
        Received bob = new Received();
        WebSocket a = connect(alice);
        WebSocket b = connect(bob);
        a.sendText("hello from alice", true).get(20, TimeUnit.SECONDS);
        assertEquals("hello from alice", alice.next());
        assertEquals("hello from alice", bob.next());
        a.abort();
        b.abort();
    }

    @Test
    void aBinaryMessageComesBackToItsSender() throws Exception {
        Received me = new Received();
        WebSocket ws = connect(me);
        byte[] bytes = {0, 1, 2, (byte) 0xff, 13, 10};
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(20, TimeUnit.SECONDS);
        assertArrayEquals(bytes, (byte[]) me.next());
        ws.abort();
    }

    @Test
    void aPingIsAnsweredWithAPong() throws Exception {
        Received me = new Received();
        WebSocket ws = connect(me);
        ws.sendPing(ByteBuffer.wrap("are you there".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .get(20, TimeUnit.SECONDS);
        assertEquals("pong:are you there", me.next());
        ws.abort();
    }

    @Test
    void aOneMebibyteMessageArrivesWhole() throws Exception {
        Received me = new Received();
        WebSocket ws = connect(me);
        StringBuilder big = new StringBuilder(1 << 20);
        for (int i = 0; big.length() < (1 << 20); i++) {
            big.append((char) ('a' + i % 26));
        }
        ws.sendText(big.toString(), true).get(20, TimeUnit.SECONDS);
        assertEquals(big.toString(), me.next());
        ws.abort();
    }

    @Test
    void byeClosesTheSessionWithCode1000() throws Exception {
        Received me = new Received();
        WebSocket ws = connect(me);
        ws.sendText("/bye", true).get(20, TimeUnit.SECONDS);
        assertEquals("1000 bye", me.closed.get(20, TimeUnit.SECONDS));  // the client echoes the close itself
    }

    @Test
    void thePageIsServedFromTheAppsResources() throws Exception {
        HttpResponse<String> page = client.send(
                java.net.http.HttpRequest.newBuilder(portico.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("new WebSocket("), page.body());
    }
}
