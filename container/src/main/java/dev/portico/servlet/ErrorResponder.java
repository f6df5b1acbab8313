package dev.portico.servlet;

import dev.portico.http.HttpException;
import dev.portico.server.Exchange;
import dev.portico.servlet.multipart.MultipartException;
import dev.portico.servlet.multipart.MultipartLimitException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error policy of the servlet layer. Every failure of a request comes here — a body read or a write that
 * failed, an exception that escaped the app (in a dispatch, an AsyncContext.start task or an I/O callback), an async
 * timeout, a pending sendError — and this decides what it is: the client gone (nothing more can be sent), the
 * client's protocol fault or a limit (its 4xx, and the connection closes after it), or an app fault (500). Then what
 * follows: before commit, an error response (the app's error page, dispatched with the {@code jakarta.servlet.error.*}
 * attributes of §10.9.1, else the container's page); after commit, the connection is aborted.
 */
final class ErrorResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final RequestCycle cycle;
    private final Exchange exchange;
    /** Writing to or reading from the client failed: nothing more can be sent. */
    private volatile boolean clientGone;
    private boolean aborted;
    /** An error page has been dispatched once: a second failure gets the container's page. */
    private boolean errorDispatched;

    ErrorResponder(RequestCycle cycle) {
        this.cycle = cycle;
        this.exchange = cycle.exchange;
    }

    // ---- failed I/O -------------------------------------------------------------------------------------------

    /**
     * Reading the request body failed, whoever read it (the app's stream, reader or ReadListener, or the container
     * decoding a form or multipart body). An {@link HttpException} is the client's protocol fault or a limit (a
     * broken chunk → 400, over --max-body → 413): the client is still there and is answered with that status when the
     * exception escapes the app, but the body framing is lost, so the connection closes after whatever response is
     * sent (RFC 9112 §9.6), even one the app writes after catching it. Any other I/O failure (end of stream, reset,
     * timeout) means the client is gone.
     *
     * @return the exception, for the caller to throw on
     */
    IOException bodyReadFailed(IOException e) {
        if (e instanceof HttpException) {
            exchange.closeAfterResponse();
        } else {
            clientGone = true;
        }
        return e;
    }

    /** Writing the response failed: the client is gone. @return the exception, for the caller to throw on */
    IOException writeFailed(IOException e) {
        clientGone = true;
        return e;
    }

    /** Whether a response may still be sent: the client is there and the connection has not been aborted. */
    boolean canRespond() {
        return !aborted && !clientGone;
    }

    void abort() {
        if (!aborted) {
            aborted = true;
            exchange.abort();
        }
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    /** An exception escaped a container dispatch (or the container failed while serving it). */
    void failed(Throwable t) {
        int status = statusFor(t);
        log(t, status);
        if (cycle.async.isAsyncStarted() && !cycle.async.errorInDispatch(t)) {
            return;    // an AsyncListener completed or dispatched the request in onError (§2.3.3.3)
        }
        if (clientGone || exchange.isCommitted()) {
            abort();
            return;
        }
        if (t instanceof Error && !(t instanceof StackOverflowError) && !(t instanceof AssertionError)) {
            exchange.closeAfterResponse();
        }
        sendErrorResponse(status, null, t);
    }

    /**
     * An app's AsyncContext.start task or I/O callback failed. Listeners hear onError; unless one completes or
     * dispatches, the error response is sent and the request ended — once the dispatch that started async has
     * returned, if it is still running.
     */
    void failedOutsideDispatch(Throwable t) {
        log(t, statusFor(t));
        if (cycle.async.errorOutsideDispatch(t)) {
            endWithFailure(t);
        }
    }

    /** Ends an async request with a failure its listeners left unhandled. */
    void endWithFailure(Throwable t) {
        respondOrAbort(statusFor(t), null, t);
        cycle.end();
    }

    /** §2.3.3.3: no listener completed or dispatched a timed-out request: an error dispatch with 500. */
    void endWithTimeout() {
        respondOrAbort(500, "The request timed out.", null);
        cycle.end();
    }

    private void respondOrAbort(int status, String message, Throwable thrown) {
        if (!exchange.isCommitted() && !clientGone) {
            sendErrorResponse(status, message, thrown);
        } else {
            abort();
        }
    }

    /** At the end of the request: a sendError the app made becomes its error page. */
    void sendPendingError() {
        PorticoResponse response = cycle.response;
        if (response.errorPending()) {
            sendErrorResponse(response.errorStatus(), response.errorMessage(), null);
        }
    }

    /** Once per failure: only an app fault (500) is an error; the client's faults are debug, as is its going away. */
    private void log(Throwable t, int status) {
        String contextPath = cycle.app.contextPath;
        if (clientGone) {
            LOG.debug("{} in context '{}': client went away: {}", cycle.request, contextPath, t.toString());
        } else if (status == 500) {
            LOG.error("{} failed in context '{}'", cycle.request, contextPath, t);
        } else if (status > 500) {
            LOG.warn("{} in context '{}' answered {}: {}", cycle.request, contextPath, status, t.toString());
        } else {
            LOG.debug("{} in context '{}' answered {}: {}", cycle.request, contextPath, status, t.toString());
        }
    }

    // ---- what a failure means -----------------------------------------------------------------------------------

    /** 400 for malformed input the app asked about, the engine's status for body faults, 503/404 for unavailable. */
    private static int statusFor(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof BadRequestException || c instanceof MultipartException) {
                return 400;
            }
            if (c instanceof PayloadTooLargeException || c instanceof MultipartLimitException) {
                return 413;
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

    /** Whether the cause chain holds the engine's protocol fault: then the body's framing is in doubt. */
    private static boolean isProtocolFault(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof HttpException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t instanceof ServletException se && se.getRootCause() != null ? se.getRootCause()
                : t.getCause();
        return cause == t ? null : cause;
    }

    // ---- the error response -------------------------------------------------------------------------------------

    /**
     * Sends the error response for a status (from sendError or a failure): the app's error page if it has one,
     * dispatched with the {@code jakarta.servlet.error.*} attributes (§10.9.1), else the container's page.
     */
    private void sendErrorResponse(int status, String message, Throwable thrown) {
        if (thrown != null && (status == 413 || isProtocolFault(thrown))) {
            exchange.closeAfterResponse();    // the body is left unread past a limit, or its framing is in doubt
        }
        WebApp app = cycle.app;
        PorticoResponse response = cycle.response;
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
                LOG.debug("error page for {} failed after commit", cycle.request, t);
                abort();
                return;
            }
            LOG.error("error page {} of context '{}' failed for {}", location, app.contextPath, cycle.request, t);
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
        PorticoRequest request = cycle.request;
        PorticoResponse response = cycle.response;
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
        cycle.app.invoke(request, response, request, page.servlet(), page.mapping.path(), DispatcherType.ERROR);
        if (response.errorPending()) {
            // the error page itself called sendError: answer that status with the container's page
            int s = response.errorStatus();
            String m = response.errorMessage();
            response.resetForError(true);
            ErrorPageWriter.write(exchange, s, m);
        }
    }
}
