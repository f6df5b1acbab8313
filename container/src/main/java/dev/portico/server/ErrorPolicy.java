package dev.portico.server;

import dev.portico.http.HttpException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error policy of the server (wsgiref's {@code handle_error}): what kind of fault a failure is decides what
 * the client gets. An unanswered request gets the error status ({@link HttpExchange#fail}); a committed one cannot
 * be answered any more and loses its connection.
 */
final class ErrorPolicy {
    private static final Logger log = LoggerFactory.getLogger(ErrorPolicy.class);

    enum Fault {
        /** The client closed the connection: there is nobody to answer. */
        CLIENT_GONE,
        /** The request broke a rule of HTTP ({@link HttpException}): its status, then the connection closes. */
        PROTOCOL,
        /** The handler failed: 500. */
        HANDLER
    }

    private ErrorPolicy() {
    }

    static Fault classify(Throwable t, boolean connectionOpen) {
        if (t instanceof HttpException) {
            return Fault.PROTOCOL;
        }
        if (t instanceof IOException && !connectionOpen) {
            return Fault.CLIENT_GONE;
        }
        return Fault.HANDLER;
    }

    /** Answers a failure of the handler running {@code exchange}. */
    static void handlerFailed(HttpExchange exchange, Throwable t, boolean connectionOpen) {
        switch (classify(t, connectionOpen)) {
            case PROTOCOL -> {
                HttpException e = (HttpException) t;
                exchange.closeAfterResponse();
                exchange.fail(e.status(), e.getMessage());
            }
            case CLIENT_GONE -> {
                log.debug("client went away during {}: {}", exchange.request(), t.toString());
                exchange.abort();
            }
            case HANDLER -> {
                log.error("request '{}' failed", exchange.request(), t);
                exchange.fail(500, null);
            }
        }
        if (t instanceof Error && !(t instanceof StackOverflowError)) {
            exchange.closeAfterResponse();  // the JVM may be in doubt; a stack overflow was one request's own
        }
    }
}
