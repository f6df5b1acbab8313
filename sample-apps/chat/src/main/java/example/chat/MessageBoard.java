package example.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages (the newest {@value #KEPT}) and the clients waiting for the next one. One lock guards both, so a
 * message can never slip in between "nothing new" and "wait for news": that is the whole long-polling race.
 */
final class MessageBoard {
    static final int KEPT = 200;

    /** A parked request: told once, either with news or at its timeout. */
    interface Waiter {
        long since();

        void deliver(long last, List<Message> messages);
    }

    private final List<Message> messages = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long lastId;

    /**
     * Messages newer than {@code since}, or — when there are none — registers the waiter and returns null. A
     * {@code since} beyond the last id (the client saw an earlier run of the server) is taken as "up to date".
     */
    synchronized List<Message> newerOrWait(long since, Waiter waiter) {
        List<Message> newer = newer(since);
        if (newer.isEmpty()) {
            waiters.add(waiter);
            return null;
        }
        return newer;
    }

    synchronized long lastId() {
        return lastId;
    }

    Message post(String name, String text) {
        Message message;
        List<Waiter> woken;
        synchronized (this) {
            message = new Message(++lastId, name, text, System.currentTimeMillis());
            messages.add(message);
            if (messages.size() > KEPT) {
                messages.remove(0);
            }
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        // Outside the lock: writing to a slow client must not block other posters.
        for (Waiter waiter : woken) {
            List<Message> newer;
            synchronized (this) {
                newer = newer(waiter.since());
            }
            waiter.deliver(lastOf(newer, waiter.since()), newer);
        }
        return message;
    }

    /** Forgets a waiter (timed out or failed); true if it was still waiting. */
    synchronized boolean remove(Waiter waiter) {
        return waiters.remove(waiter);
    }

    /** Every waiter at once, e.g. when the app stops. */
    synchronized List<Waiter> drain() {
        List<Waiter> all = new ArrayList<>(waiters);
        waiters.clear();
        return all;
    }

    private List<Message> newer(long since) {
        List<Message> newer = new ArrayList<>();
        for (Message message : messages) {
            if (message.id() > since) {
                newer.add(message);
            }
        }
        return newer;
    }

    static long lastOf(List<Message> messages, long since) {
        return messages.isEmpty() ? since : messages.get(messages.size() - 1).id();
    }
}
