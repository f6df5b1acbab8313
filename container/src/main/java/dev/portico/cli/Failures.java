package dev.portico.cli;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns an exception from starting the server into the one line an operator needs. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable failure, String host, int port) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                String reason = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                if (reason.contains("in use")) {
                    return "port " + port + " on " + host + " is already in use (choose another --port, or"
                            + " --port 0 for any free port)";
                }
                return "cannot listen on " + host + ":" + port + ": " + t.getMessage();
            }
            if (t instanceof UnresolvedAddressException) {
                return "cannot listen on " + host + ":" + port + ": unknown host " + host;
            }
        }
        return chain(failure);
    }

    /**
     * "cannot start /shop: ServletException: init failed: no database" — each cause once, without a stack trace.
     * A message that already repeats its cause (as wrapping exceptions' default messages do) is not repeated.
     */
    static String chain(Throwable failure) {
        List<String> parts = new ArrayList<>();
        String previous = null;
        for (Throwable t = failure; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage();
            if (t.getCause() != null && t.getCause() != t && t.getCause().toString().equals(message)) {
                continue; // new RuntimeException(cause): its message is only the cause's toString()
            }
            String part = message == null || message.isBlank()
                    ? t.getClass().getSimpleName()
                    : isPlain(t) ? message : t.getClass().getSimpleName() + ": " + message;
            if (previous == null || !previous.contains(message == null ? part : message)) {
                parts.add(part);
            }
            previous = message == null ? part : message;
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(": ", parts).replace('\n', ' ');
    }

    /** Exceptions whose type adds nothing for a reader: the message says it all. */
    private static boolean isPlain(Throwable t) {
        return t.getClass() == Exception.class || t.getClass() == RuntimeException.class
                || t.getClass() == IllegalStateException.class
                || t.getClass() == jakarta.servlet.ServletException.class
                || t.getClass().getName().startsWith("dev.portico.");
    }
}
