package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        return connect(portico, received);
    }

    private static WebSocket connect(PorticoCli server, Received received) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/chat");
        return client.newWebSocketBuilder().buildAsync(uri, received).get(20, TimeUnit.SECONDS);
    }

    /** A WebSocket handshake on a plain socket, answered 101; from here on the socket speaks frames, or vanishes. */
    private static Socket rawHandshake(PorticoCli server) throws IOException {
        return rawHandshake(server, 0);
    }

    /** As above, with a receive buffer of {@code receiveBuffer} bytes (0: the default), set before the connect. */
    private static Socket rawHandshake(PorticoCli server, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);  // before the connect: it sets the window scale offered
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 20_000);
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = RawHttp.readHead(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
        return socket;
    }

    /** Writes one client frame (masked, RFC 6455 section 5.3) a byte at a time, so the server reads it in pieces. */
    private static void writeFrameByteByByte(Socket socket, boolean fin, int opcode, String payload)
            throws IOException {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        assertTrue(data.length < 126, "a short payload: one length byte");
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        frame.write(0x80 | data.length);
        frame.writeBytes(mask);
        for (int i = 0; i < data.length; i++) {
            frame.write(data[i] ^ mask[i % 4]);
        }
        OutputStream out = socket.getOutputStream();
        for (byte b : frame.toByteArray()) {
            out.write(b);
            out.flush();
        }
    }

    /** Reads one server frame (unmasked, a short payload) as "opcode:payload", the opcode in hex. */
    private static String readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte();
        assertTrue(length < 126, "a short, unmasked frame from the server: " + length);
        byte[] payload = in.readNBytes(length);
        return Integer.toHexString(first) + ":" + new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Asks "/who" until the room has {@code size} sessions (the endpoint's @OnOpen and @OnClose keep it), failing
     * after 20 s. Each round trip is an answer from the server, so there is nothing to sleep on.
     */
    private static void awaitRoomSize(WebSocket ws, Received received, int size) throws Exception {
        String wanted = size + " in the room";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (String seen = null; !wanted.equals(seen); ) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the room never had " + size + " sessions; last answer: " + seen);
            }
            ws.sendText("/who", true).get(20, TimeUnit.SECONDS);
            seen = (String) received.next();
        }
    }

    @Test
    void aTextMessageReachesEveryoneInTheRoom() throws Exception {
        Received alice = new Received();
        Received bob = new Received();
        WebSocket a = connect(alice);
        WebSocket b = connect(bob);
        // The client has its 101 before the endpoint's @OnOpen has run on the server; an answer to bob's first
        // message proves bob is in the room (a session's messages are handled only after its @OnOpen).
        b.sendText("/who", true).get(20, TimeUnit.SECONDS);
        assertTrue(((String) bob.next()).endsWith(" in the room"));
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
    void aTextMessageSentInFragmentsArrivesWhole() throws Exception {
        Received me = new Received();
        WebSocket ws = connect(me);
        // RFC 6455 section 5.4: one text frame and two continuation frames, one message to the endpoint.
        ws.sendText("first part, ", false).get(20, TimeUnit.SECONDS);
        ws.sendText("second part, ", false).get(20, TimeUnit.SECONDS);
        ws.sendText("last part", true).get(20, TimeUnit.SECONDS);
        assertEquals("first part, second part, last part", me.next());
        ws.abort();
    }

    @Test
    void aPingBetweenTheFragmentsOfAMessageIsAnsweredAndTheMessageArrivesWhole() throws Exception {
        try (Socket socket = rawHandshake(portico)) {
            socket.setTcpNoDelay(true);
            // RFC 6455 section 5.4: a control frame may come between the fragments of a message. Written a byte at a
            // time, so each frame reaches the server in several reads.
            writeFrameByteByByte(socket, false, 0x1, "first, ");
            writeFrameByteByByte(socket, true, 0x9, "ping inside");
            writeFrameByteByByte(socket, true, 0x0, "last");
            assertEquals("8a:ping inside", readFrame(socket));  // FIN + pong, before the message is complete
            assertEquals("81:first, last", readFrame(socket));  // FIN + text: the whole message, echoed by the room
        }
    }

    /**
     * A client gone without a close frame (its socket closed, or reset) ends its session and frees its connection.
     * The server of its own allows two connections: once the room is back to the watcher alone, a third client is
     * served only if the vanished one's connection was let go.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"closed", "reset"})
    void aClientThatVanishesWithoutACloseFrameLeavesTheRoomAndFreesItsConnection(String how) throws Exception {
        try (PorticoCli server = PorticoCli.start(PorticoCli.sample("ws-chat"), "--max-connections", "2")) {
            Received watcher = new Received();
            WebSocket watching = connect(server, watcher);
            Socket vanishing = rawHandshake(server);
            awaitRoomSize(watching, watcher, 2);

            if (how.equals("reset")) {
                vanishing.setSoLinger(true, 0);  // close() now sends RST instead of FIN
            }
            vanishing.close();
            awaitRoomSize(watching, watcher, 1);

            Received third = new Received();
            WebSocket late;
            try {
                late = connect(server, third);  // waits in the backlog while two connections are open
            } catch (TimeoutException e) {
                throw new AssertionError("the vanished client's connection was not let go: a third is not served", e);
            }
            awaitRoomSize(late, third, 2);
            late.abort();
            watching.abort();
        }
    }

    /**
     * A client that stops reading and vanishes while the server is still writing to it: the blocked write fails, the
     * session ends and the connection is freed, as in the test above.
     */
    @Test
    void aClientThatVanishesWhileTheServerWritesToItLeavesTheRoomAndFreesItsConnection() throws Exception {
        try (PorticoCli server = PorticoCli.start(PorticoCli.sample("ws-chat"), "--max-connections", "2")) {
            Received watcher = new Received();
            WebSocket watching = connect(server, watcher);
            Socket vanishing = rawHandshake(server, 4096);
            awaitRoomSize(watching, watcher, 2);

            CompletableFuture<WebSocket> second = vanishWhileBeingWritten(watching, vanishing);
            second.get(20, TimeUnit.SECONDS);
            awaitRoomSize(watching, watcher, 1);  // the watcher's own copies are passed over
            Received third = new Received();
            WebSocket late;
            try {
                late = connect(server, third);
            } catch (TimeoutException e) {
                throw new AssertionError("the vanished client's connection was not let go: a third is not served", e);
            }
            awaitRoomSize(late, third, 2);
            late.abort();
            watching.abort();
        }
    }

    /**
     * Sends two 3 MiB messages to the room and resets {@code vanishing} once the server is writing to it; the second
     * send's future, to be awaited before the next send. Six MiB is more than the kernel's buffers hold (tcp_wmem
     * allows 4 MiB at most) for a client with a small receive window that reads only the start of the first frame:
     * once it has read that, the server is writing to it, and it cannot have finished when the client goes.
     */
    private static CompletableFuture<WebSocket> vanishWhileBeingWritten(WebSocket sender, Socket vanishing)
            throws Exception {
        sender.sendText(BIG, true).get(20, TimeUnit.SECONDS);
        CompletableFuture<WebSocket> second = sender.sendText(BIG, true);
        InputStream in = vanishing.getInputStream();
        assertEquals(0x81, in.read(), "a text frame, FIN set");
        assertEquals(127, in.read() & 0x7f, "with a 64-bit length");
        vanishing.setSoLinger(true, 0);  // close() now sends RST: the server's next write fails
        vanishing.close();
        return second;
    }

    private static final String BIG = "x".repeat(3 << 20);

    /**
     * A member whose connection fails during a broadcast does not keep the message from the rest of the room: the
     * sender, also a member, gets both of its messages although the vanished member may come first in the room.
     */
    @Test
    void aMemberThatVanishesDuringABroadcastDoesNotStopItReachingTheOthers() throws Exception {
        try (PorticoCli server = PorticoCli.start(PorticoCli.sample("ws-chat"));
                Socket vanishing = rawHandshake(server, 4096)) {
            Received watcher = new Received();
            WebSocket watching = connect(server, watcher);
            awaitRoomSize(watching, watcher, 2);
            vanishWhileBeingWritten(watching, vanishing).get(20, TimeUnit.SECONDS);
            assertEquals(BIG, watcher.next());
            assertEquals(BIG, watcher.next());
            watching.abort();
        }
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
