package dev.portico.session;

import java.util.List;

/**
 * Where the sessions of one context live when they must outlive a process or be shared between instances (Redis, a
 * database). The container serializes attribute values itself, with the app's class loader, so a store keeps bytes
 * and never sees an app class.
 *
 * <p>Every method may block on the network and must give up after a bounded time, throwing
 * {@link SessionStoreException}: a request that needs a session then gets 503, and the others go on. A store
 * reconnects by itself when its server comes back. Implementations are thread-safe.
 *
 * <p>Times are epoch milliseconds; a session expires {@code maxInactiveInterval} seconds after its
 * {@code lastAccessedTime} (never, if that is 0 or less).
 */
public interface SessionStore extends AutoCloseable {

    /** The session with this id, or null if there is none or it has expired. */
    SessionData load(String id);

    /** Stores a new session; false (and nothing written) if the id is taken. */
    boolean create(SessionData session);

    /**
     * Applies one request's changes atomically, attribute by attribute: attributes it does not name are left as they
     * are, so two instances that change different attributes of one session keep both changes.
     *
     * @return false if the session no longer exists (invalidated, expired or renamed meanwhile); nothing is written
     */
    boolean update(String id, SessionUpdate update);

    /** Removes the session; true if this call removed it. */
    boolean delete(String id);

    /** Gives the session a new id at once (session fixation); false if there is no session {@code oldId}. */
    boolean rename(String oldId, String newId);

    /**
     * Removes up to {@code max} sessions that expired before {@code now} and returns them, so the caller can tell the
     * app's listeners. Each expired session is returned by one call only, whichever instance makes it.
     */
    List<SessionData> takeExpired(long now, int max);

    /** Releases connections; called once, when the context stops. */
    @Override
    void close();
}
