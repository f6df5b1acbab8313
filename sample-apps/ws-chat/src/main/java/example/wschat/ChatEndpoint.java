package example.wschat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat room over WebSocket: every text message goes to everyone in the room, a binary message comes back to its
 * sender, "/who" answers the sender alone with the number of sessions in the room ("2 in the room"), and "/bye"
 * closes the sender's session with code 1000 and reason "bye". Found by discovery: Tyrus'
 * ServletContainerInitializer is given this class for its {@code @ServerEndpoint}.
 */
@ServerEndpoint("/chat")
public class ChatEndpoint {
    private static final Set<Session> ROOM = ConcurrentHashMap.newKeySet();

    @OnOpen
    public void join(Session session) {
        ROOM.add(session);
    }

    @OnClose
    public void leave(Session session) {
        ROOM.remove(session);
    }

    @OnMessage(maxMessageSize = 4 * 1024 * 1024)
    public void text(String message, Session from) throws IOException {
        if (message.equals("/bye")) {
            from.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
            return;
        }
        if (message.equals("/who")) {
            synchronized (from) {
                from.getBasicRemote().sendText(ROOM.size() + " in the room");
            }
            return;
        }
        for (Session member : ROOM) {
            if (member.isOpen()) {
                try {
                    synchronized (member) {  // a RemoteEndpoint.Basic sends one message at a time
                        member.getBasicRemote().sendText(message);
                    }
                } catch (IOException gone) {
                    // That member's connection failed (the client vanished): Tyrus ends its session, and @OnClose
                    // takes it out of the room. The others still get the message.
                }
            }
        }
    }

    @OnMessage(maxMessageSize = 4 * 1024 * 1024)
    public void binary(ByteBuffer data, Session from) throws IOException {
        synchronized (from) {
            from.getBasicRemote().sendBinary(data);
        }
    }
}
