package dev.portico.servlet;

import jakarta.servlet.ServletException;
import java.util.HashMap;
import java.util.Map;

/** The error pages of a context (Servlet 6.1 §10.9.2): by exception type, by status, and the default one. */
final class ErrorPages {
    private final Map<Integer, String> byStatus;
    private final Map<String, String> byException;
    private final String defaultPage;

    /** The page found for an exception and the exception it matched (possibly a root cause). */
    record Match(String location, Throwable exception) {
    }

    ErrorPages(Map<Integer, String> byStatus, Map<String, String> byException, String defaultPage) {
        this.byStatus = new HashMap<>(byStatus);
        this.byException = new HashMap<>(byException);
        this.defaultPage = defaultPage;
    }

    boolean isEmpty() {
        return byStatus.isEmpty() && byException.isEmpty() && defaultPage == null;
    }

    /**
     * The closest declared superclass of the exception wins; if none and it is a ServletException, the same search
     * is made for its root cause.
     */
    Match forException(Throwable thrown) {
        Throwable t = thrown;
        while (t != null) {
            if (!byException.isEmpty()) {
                for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                    String location = byException.get(c.getName());
                    if (location != null) {
                        return new Match(location, t);
                    }
                }
            }
            t = t instanceof ServletException se && se.getRootCause() != t ? se.getRootCause() : null;
        }
        return null;
    }

    String forStatus(int status) {
        String location = byStatus.get(status);
        return location != null ? location : defaultPage;
    }
}
