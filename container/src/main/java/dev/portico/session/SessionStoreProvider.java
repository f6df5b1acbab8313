package dev.portico.session;

/**
 * Makes stores for the locations it knows, e.g. {@code redis://host:6379/0} or {@code jdbc:postgresql://...};
 * found with {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.portico.session.SessionStoreProvider}
 * entry in the store's jar).
 */
public interface SessionStoreProvider {

    /** True if this provider serves {@code location} (usually by its scheme). */
    boolean accepts(String location);

    /**
     * Opens a store. Sessions of different {@code namespace}s (one per context) never meet, even in one server. Fails
     * with {@link SessionStoreException} if the location is wrong or cannot be reached at start.
     */
    SessionStore open(String location, String namespace);

    /** A name for messages, e.g. "Redis". */
    String name();
}
