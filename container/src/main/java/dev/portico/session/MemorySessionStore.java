package dev.portico.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store in this JVM's memory, shared by every server in the process that opens the same {@code memory://NAME}:
 * the reference implementation of the contract, and a way to run two instances against one store in one test. It
 * keeps serialized bytes like a real store, so each request gets its own copy of an attribute, not a shared object.
 */
public final class MemorySessionStore implements SessionStore {
    private static final Map<String, Map<String, SessionData>> STORES = new ConcurrentHashMap<>();

    private final Map<String, SessionData> sessions;

    private MemorySessionStore(Map<String, SessionData> sessions) {
        this.sessions = sessions;
    }

    /** The store named {@code name} in namespace {@code namespace}, made on first use. */
    public static MemorySessionStore named(String name, String namespace) {
        return new MemorySessionStore(STORES.computeIfAbsent(name + '\n' + namespace, k -> new ConcurrentHashMap<>()));
    }

    @Override
    public SessionData load(String id) {
        SessionData s = sessions.get(id);
        return s == null || s.expiryTime() <= System.currentTimeMillis() ? null : s;
    }

    @Override
    public boolean create(SessionData session) {
        return sessions.putIfAbsent(session.id(), session) == null;
    }

    @Override
    public boolean update(String id, SessionUpdate update) {
        return sessions.computeIfPresent(id, (k, s) -> {
            Map<String, byte[]> attributes = new HashMap<>(s.attributes());
            attributes.keySet().removeAll(update.removed());
            attributes.putAll(update.set());
            return new SessionData(id, s.creationTime(), update.lastAccessedTime(), update.maxInactiveInterval(),
                    attributes);
        }) != null;
    }

    @Override
    public boolean delete(String id) {
        return sessions.remove(id) != null;
    }

    @Override
    public boolean rename(String oldId, String newId) {
        // An update racing with this either lands before the remove (and moves with the data) or finds no session.
        SessionData s = sessions.remove(oldId);
        if (s == null) {
            return false;
        }
        sessions.put(newId, new SessionData(newId, s.creationTime(), s.lastAccessedTime(), s.maxInactiveInterval(),
                s.attributes()));
        return true;
    }

    @Override
    public List<SessionData> takeExpired(long now, int max) {
        List<SessionData> taken = new ArrayList<>();
        for (SessionData s : sessions.values()) {
            if (taken.size() >= max) {
                break;
            }
            if (s.expiryTime() <= now && sessions.remove(s.id(), s)) {
                taken.add(s);
            }
        }
        return taken;
    }

    @Override
    public void close() {
        // the data belongs to the process, not to one server
    }

    /** {@code memory://NAME}. */
    public static final class Provider implements SessionStoreProvider {
        @Override
        public boolean accepts(String location) {
            return location.startsWith("memory://");
        }

        @Override
        public SessionStore open(String location, String namespace) {
            String name = location.substring("memory://".length());
            if (name.isEmpty()) {
                throw new SessionStoreException(location + ": name the store, as memory://NAME");
            }
            return named(name, namespace);
        }

        @Override
        public String name() {
            return "in-process memory";
        }
    }
}
