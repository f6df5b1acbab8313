package dev.portico.servlet;

import dev.portico.server.Exchange;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through a context: request listeners, the REQUEST dispatch through filters and servlet, and the
 * end of the request. What can go wrong on the way is the {@link ErrorResponder}'s to decide; an async request's
 * life after startAsync is its {@link AsyncCycle}'s.
 */
final class RequestCycle {
    private static final Logger LOG = LoggerFactory.getLogger(RequestCycle.class);

    final WebApp app;
    final Exchange exchange;
    final PorticoRequest request;
    final PorticoResponse response;
    final ErrorResponder errors;
    final AsyncCycle async;
    private List<PorticoSession> sessions;

    RequestCycle(WebApp app, Exchange exchange, ServletMapping mapping) {
        this.app = app;
        this.exchange = exchange;
        this.response = new PorticoResponse(this, exchange);
        this.request = new PorticoRequest(this, exchange, mapping);
        this.errors = new ErrorResponder(this);
        this.async = new AsyncCycle(this);
    }

    /** The initial REQUEST dispatch, on the connection's thread. */
    void run() {
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            async.dispatchBegins();
            try {
                request.joinRequestedSession();
                app.listeners.requestInitialized(app.context, request);
                ServletMapping mapping = request.mapping();
                app.invoke(request, response, request, mapping.servlet, mapping.path(), DispatcherType.REQUEST);
            } catch (Throwable t) {
                errors.failed(t);
            }
            async.dispatchReturned(true);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    /**
     * Ends the request, exactly once: a pending sendError becomes its page, the body is finished, async and request
     * listeners are told, and a suspended exchange is completed.
     */
    void end() {
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            endResponse();
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    private void endResponse() {
        try {
            if (errors.canRespond()) {
                errors.sendPendingError();
                response.beforeRequestEnds();
            }
        } catch (Throwable t) {
            LOG.debug("finishing {} failed", request, t);
            errors.abort();
        } finally {
            request.content().closeMultipart();
            releaseSessions();
            async.ended();
            try {
                app.listeners.requestDestroyed(app.context, request);
            } catch (RuntimeException e) {
                LOG.warn("ServletRequestListener failed in requestDestroyed for {}", request, e);
            }
            app.inflight.exit();
            if (exchange.isSuspended()) {
                exchange.complete();
            }
        }
    }

    void sessionAccessed(PorticoSession session) {
        if (sessions == null) {
            sessions = new ArrayList<>(1);
        }
        sessions.add(session);
    }

    private void releaseSessions() {
        if (sessions != null) {
            for (PorticoSession s : sessions) {
                s.release();
            }
            sessions = null;
        }
    }
}
