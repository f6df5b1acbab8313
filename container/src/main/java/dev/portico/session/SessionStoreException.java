package dev.portico.session;

/** The store could not be reached or did not answer in time; the request that needed a session gets 503. */
public class SessionStoreException extends RuntimeException {
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionStoreException(String message) {
        super(message);
    }
}
