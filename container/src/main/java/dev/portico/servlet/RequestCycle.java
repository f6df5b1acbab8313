package dev.portico.servlet;

import dev.portico.http.HttpException;
import dev.portico.server.Exchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through a context: request listeners, the dispatch through filters and servlet, the error
 * policy, and the end of the request. {@link #failed} is the single place app failures are handled: before commit
 * they become an error response (the app's error page or the container's), after commit the connection is aborted.
 */
final class RequestCycle {
    private static final Logger LOG = LoggerFactory.getLogger(RequestCycle.class);

    final WebApp app;
    final Exchange exchange;
    final PorticoRequest request;
    final PorticoResponse response;
    /** Writing to or reading from the client failed: nothing more can be sent. */
    volatile boolean clientGone;
    private boolean aborted;
    private boolean errorDispatched;
    private List<SessionImpl> sessions;

    RequestCycle(WebApp app, Exchange exchange, ServletMapping mapping) {
        this.app = app;
        this.exchange = exchange;
        this.response = new PorticoResponse(this, exchange);
        this.request = new PorticoRequest(this, exchange, mapping);
    }

    /** The initial REQUEST dispatch, on the connection's thread. */
    void run() {
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            try {
                app.listeners.requestInitialized(app.context, request);
                ServletMapping mapping = request.mapping();
                app.invoke(request, response, request, mapping.servlet, mapping.path(), DispatcherType.REQUEST);
            } catch (Throwable t) {
                failed(t);
            }
            finish();
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    // ---- the error policy ---------------------------------------------------------------------------------

    /** An exception escaped the app (or the container failed while serving it). */
    void failed(Throwable t) {
        int status = statusFor(t);
        if (clientGone) {
            LOG.debug("{} in context '{}': client went away: {}", request, app.contextPath, t.toString());
        } else if (status >= 500) {
            LOG.error("{} failed in context '{}'", request, app.contextPath, t);
        } else {
            LOG.debug("{} in context '{}' answered {}: {}", request, app.contextPath, status, t.toString());
        }
        if (clientGone || exchange.isCommitted()) {
            abort();
            return;
        }
        if (t instanceof Error && !(t instanceof StackOverflowError) && !(t instanceof AssertionError)) {
            exchange.closeAfterResponse();
        }
        if (status != 500 && HttpCause.of(t) != null) {
            exchange.closeAfterResponse();    // framing of the request body is in doubt
        }
        sendErrorResponse(status, null, t);
    }

    /** 400 for malformed input the app asked about, the engine's status for body faults, 503/404 for unavailable. */
    static int statusFor(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof BadRequestException) {
                return 400;
            }
            if (c instanceof HttpException he) {
                return he.status();
            }
            if (c instanceof UnavailableException ue) {
                return ue.isPermanent() ? 404 : 503;
            }
        }
        return 500;
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t instanceof ServletException se && se.getRootCause() != null ? se.getRootCause()
                : t.getCause();
        return cause == t ? null : cause;
    }

    /** Finds an {@link HttpException} in a cause chain. */
    static final class HttpCause {
        static HttpException of(Throwable t) {
            for (Throwable c = t; c != null; c = next(c)) {
                if (c instanceof HttpException he) {
                    return he;
                }
            }
            return null;
        }
    }

    private void abort() {
        if (!aborted) {
            aborted = true;
            exchange.abort();
        }
    }

    /**
     * Sends the error response for a status (from sendError or a failure): the app's error page if it has one,
     * dispatched with the {@code jakarta.servlet.error.*} attributes (§10.9.1), else the container's page.
     */
    void sendErrorResponse(int status, String message, Throwable thrown) {
        String location = null;
        Throwable matched = thrown;
        if (!errorDispatched) {
            if (thrown != null) {
                ErrorPages.Match match = app.errorPages.forException(thrown);
                if (match != null) {
                    location = match.location();
                    matched = match.exception();
                }
            }
            if (location == null) {
                location = app.errorPages.forStatus(status);
            }
        }
        response.resetForError(thrown == null);
        exchange.status(status);
        try {
            Dispatcher page = location == null ? null : Dispatcher.forPath(app, location);
            if (page != null) {
                errorDispatched = true;
                dispatchErrorPage(page, status, message, matched);
            } else {
                ErrorPageWriter.write(exchange, status, message);
            }
        } catch (Throwable t) {
            if (clientGone || exchange.isCommitted()) {
                LOG.debug("error page for {} failed after commit", request, t);
                abort();
                return;
            }
            LOG.error("error page {} of context '{}' failed for {}", location, app.contextPath, request, t);
            response.resetForError(false);
            try {
                ErrorPageWriter.write(exchange, 500, null);
            } catch (IOException e) {
                abort();
            }
        }
    }

    private void dispatchErrorPage(Dispatcher page, int status, String message, Throwable thrown)
            throws IOException, ServletException {
        request.putInternal(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.putInternal(RequestDispatcher.ERROR_EXCEPTION, thrown);
        request.putInternal(RequestDispatcher.ERROR_EXCEPTION_TYPE, thrown == null ? null : thrown.getClass());
        String text = message != null ? message : thrown != null && thrown.getMessage() != null
                ? thrown.getMessage() : "";
        request.putInternal(RequestDispatcher.ERROR_MESSAGE, text);
        request.putInternal(RequestDispatcher.ERROR_REQUEST_URI, exchange.request().path());
        request.putInternal(RequestDispatcher.ERROR_SERVLET_NAME, request.mapping().getServletName());
        request.putInternal(RequestDispatcher.ERROR_QUERY_STRING, exchange.request().query());
        request.putInternal(RequestDispatcher.ERROR_METHOD, exchange.request().method());
        request.enterDispatch(DispatcherType.ERROR, page);
        request.asyncSupported = true;
        app.invoke(request, response, request, page.servlet(), page.mapping.path(), DispatcherType.ERROR);
        if (response.errorPending()) {
            // the error page itself called sendError: answer that status with the container's page
            int s = response.errorStatus();
            String m = response.errorMessage();
            response.resetForError(true);
            ErrorPageWriter.write(exchange, s, m);
        }
    }

    // ---- end of the request ---------------------------------------------------------------------------------

    /** Ends the request: a pending sendError becomes its page, the body is finished, request listeners told. */
    void finish() {
        try {
            if (!aborted && !clientGone) {
                if (response.errorPending()) {
                    sendErrorResponse(response.errorStatus(), response.errorMessage(), null);
                }
                response.finish();
            }
        } catch (Throwable t) {
            LOG.debug("finishing {} failed", request, t);
            abort();
        } finally {
            releaseSessions();
            try {
                app.listeners.requestDestroyed(app.context, request);
            } catch (RuntimeException e) {
                LOG.warn("ServletRequestListener failed in requestDestroyed for {}", request, e);
            }
            app.exit();
            if (exchange.isSuspended()) {
                exchange.complete();
            }
        }
    }

    void sessionAccessed(SessionImpl session) {
        if (sessions == null) {
            sessions = new ArrayList<>(1);
        }
        sessions.add(session);
    }

    private void releaseSessions() {
        if (sessions != null) {
            for (SessionImpl s : sessions) {
                s.release();
            }
            sessions = null;
        }
    }

    // ---- async (Servlet 6.1 §2.3.3.3) ----------------------------------------------------------------------

    AsyncContext startAsync(ServletRequest req, ServletResponse resp, boolean original) {
        throw new IllegalStateException("async is not supported by " + request.mapping().getServletName());
    }

    boolean isAsyncStarted() {
        return false;
    }

    AsyncContext asyncContext() {
        throw new IllegalStateException("startAsync has not been called for this request");
    }

    // ---- multipart ------------------------------------------------------------------------------------------

    Collection<Part> parts() throws ServletException {
        if (request.mapping().servlet.multipartConfig == null) {
            throw new IllegalStateException("servlet " + request.mapping().getServletName()
                    + " has no multipart configuration");
        }
        throw new UnsupportedOperationException("HttpServletRequest.getParts is not supported by Portico");
    }

    void multipartParameters(FormDecoder decoder) {
    }
}
