package dev.portico.tests.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.session.SessionData;
import dev.portico.session.SessionStore;
import dev.portico.session.SessionUpdate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do, run against each real one (a subclass per store opens it). Two store
 * objects opened on one location stand for two Portico instances.
 */
public abstract class SessionStoreContract {
    private final List<SessionStore> opened = new ArrayList<>();
    private final String namespace = "/contract-" + UUID.randomUUID();

    /** A store on the subclass's location, in {@code namespace}. */
    protected abstract SessionStore open(String namespace);

    private SessionStore store() {
        return store(namespace);
    }

    private SessionStore store(String ns) {
        SessionStore s = open(ns);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SessionStore::close);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static SessionData session(String id, long accessed, int maxInactive, Map<String, byte[]> attributes) {
        return new SessionData(id, accessed - 1000, accessed, maxInactive, attributes);
    }

    @Test
    void aCreatedSessionLoadsWithItsTimesAndAttributes() {
        SessionStore store = store();
        String id = id();
        long now = System.currentTimeMillis();
        assertTrue(store.create(session(id, now, 600, Map.of("user", bytes("ann"), "empty", new byte[0]))));

        SessionData loaded = store().load(id);
        assertNotNull(loaded);
        assertEquals(id, loaded.id());
        assertEquals(now - 1000, loaded.creationTime());
        assertEquals(now, loaded.lastAccessedTime());
        assertEquals(600, loaded.maxInactiveInterval());
        assertEquals(Set.of("user", "empty"), loaded.attributes().keySet());
        assertArrayEquals(bytes("ann"), loaded.attributes().get("user"));
        assertArrayEquals(new byte[0], loaded.attributes().get("empty"));
    }

    @Test
    void anUnknownIdLoadsNothing() {
        assertNull(store().load(id()));
    }

    @Test
    void aTakenIdIsNotCreatedTwice() {
        SessionStore store = store();
        String id = id();
        long now = System.currentTimeMillis();
        assertTrue(store.create(session(id, now, 600, Map.of("a", bytes("1")))));
        assertFalse(store().create(session(id, now, 600, Map.of("b", bytes("2")))));
        assertEquals(Set.of("a"), store.load(id).attributes().keySet());
    }

    @Test
    void anUpdateChangesOnlyTheAttributesItNames() {
        SessionStore store = store();
        String id = id();
        long now = System.currentTimeMillis();
        store.create(session(id, now, 600, Map.of("a", bytes("1"), "b", bytes("2"), "c", bytes("3"))));

        assertTrue(store().update(id, new SessionUpdate(now + 5000, 900, Map.of("b", bytes("two"), "d", bytes("4")),
                Set.of("c"))));

        SessionData loaded = store.load(id);
        assertEquals(Set.of("a", "b", "d"), loaded.attributes().keySet());
        assertArrayEquals(bytes("1"), loaded.attributes().get("a"));
        assertArrayEquals(bytes("two"), loaded.attributes().get("b"));
        assertEquals(now + 5000, loaded.lastAccessedTime());
        assertEquals(900, loaded.maxInactiveInterval());
        assertEquals(now - 1000, loaded.creationTime());
    }

    @Test
    void anUpdateOfAGoneSessionWritesNothing() {
        SessionStore store = store();
        String id = id();
        assertFalse(store.update(id, new SessionUpdate(System.currentTimeMillis(), 600, Map.of("a", bytes("1")),
                Set.of())));
        assertNull(store.load(id));
    }

    @Test
    void twoInstancesChangingDifferentAttributesAtOnceKeepBoth() throws Exception {
        SessionStore first = store();
        SessionStore second = store();
        String id = id();
        long now = System.currentTimeMillis();
        first.create(session(id, now, 600, Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                writes.add(pool.submit(() -> first.update(id,
                        new SessionUpdate(now, 600, Map.of("first-" + n, bytes("x")), Set.of()))));
                writes.add(pool.submit(() -> second.update(id,
                        new SessionUpdate(now, 600, Map.of("second-" + n, bytes("y")), Set.of()))));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(100, first.load(id).attributes().size());
    }

    @Test
    void aDeletedSessionIsGoneForEveryInstanceAndDeletedOnce() {
        SessionStore store = store();
        String id = id();
        store.create(session(id, System.currentTimeMillis(), 600, Map.of("a", bytes("1"))));
        assertTrue(store().delete(id));
        assertFalse(store.delete(id));
        assertNull(store.load(id));
    }

    @Test
    void aRenamedSessionKeepsItsDataUnderTheNewIdOnly() {
        SessionStore store = store();
        String oldId = id();
        String newId = id();
        long now = System.currentTimeMillis();
        store.create(session(oldId, now, 600, Map.of("a", bytes("1"))));

        assertTrue(store().rename(oldId, newId));

        assertNull(store.load(oldId));
        SessionData renamed = store.load(newId);
        assertEquals(newId, renamed.id());
        assertArrayEquals(bytes("1"), renamed.attributes().get("a"));
        assertEquals(now - 1000, renamed.creationTime());
        assertFalse(store.rename(oldId, id()));
        assertFalse(store.update(oldId, new SessionUpdate(now, 600, Map.of("b", bytes("2")), Set.of())));
        assertNull(store.load(oldId));
    }

    @Test
    void anExpiredSessionDoesNotLoad() {
        SessionStore store = store();
        String id = id();
        store.create(session(id, System.currentTimeMillis() - 5000, 2, Map.of("a", bytes("1"))));
        assertNull(store.load(id));
    }

    @Test
    void aSessionThatNeverExpiresStays() {
        SessionStore store = store();
        String id = id();
        store.create(session(id, System.currentTimeMillis() - 86_400_000L, 0, Map.of()));
        assertNotNull(store.load(id));
        assertTrue(store.takeExpired(System.currentTimeMillis(), 100).stream().noneMatch(s -> s.id().equals(id)));
    }

    @Test
    void expiredSessionsAreTakenOnceWithTheirAttributes() throws Exception {
        SessionStore store = store();
        long now = System.currentTimeMillis();
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = id();
            expired.add(id);
            store.create(session(id, now - 10_000, 5, Map.of("n", bytes(String.valueOf(i)))));
        }
        String live = id();
        store.create(session(live, now, 600, Map.of()));

        SessionStore other = store();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<SessionData> taken = new ArrayList<>();
        try {
            Future<List<SessionData>> a = pool.submit(() -> drain(store, now));
            Future<List<SessionData>> b = pool.submit(() -> drain(other, now));
            taken.addAll(a.get());
            taken.addAll(b.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Set.copyOf(expired), Set.copyOf(taken.stream().map(SessionData::id).toList()));
        assertEquals(expired.size(), taken.size(), "each expired session is taken by one instance only");
        assertTrue(taken.stream().allMatch(s -> s.attributes().containsKey("n")));
        assertNotNull(store.load(live));
        assertTrue(store.takeExpired(now, 100).isEmpty());
    }

    private static List<SessionData> drain(SessionStore store, long now) {
        List<SessionData> all = new ArrayList<>();
        List<SessionData> batch;
        do {
            batch = store.takeExpired(now, 3);
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    @Test
    void namespacesDoNotMeet() {
        SessionStore mine = store();
        SessionStore theirs = store(namespace + "-other");
        String id = id();
        mine.create(session(id, System.currentTimeMillis(), 600, Map.of("a", bytes("1"))));
        assertNull(theirs.load(id));
        assertFalse(theirs.delete(id));
        assertNotNull(mine.load(id));
    }
}
