package dev.portico.servlet;

import dev.portico.http.HttpException;
import dev.portico.server.Exchange;
import dev.portico.servlet.multipart.MultipartException;
import dev.portico.servlet.multipart.MultipartForm;
import dev.portico.servlet.multipart.MultipartLimitException;
import dev.portico.servlet.multipart.MultipartParser;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.Part;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
            synchronized (this) {
                dispatching = true;
            }
            try {
                request.joinRequestedSession();
                app.listeners.requestInitialized(app.context, request);
                ServletMapping mapping = request.mapping();
                app.invoke(request, response, request, mapping.servlet, mapping.path(), DispatcherType.REQUEST);
            } catch (Throwable t) {
                failed(t);
            }
            afterDispatch(true);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    // ---- the error policy ---------------------------------------------------------------------------------

    /**
     * Reading the request body failed, whoever read it (the app's stream, reader or ReadListener, or the container
     * decoding a form or multipart body): this decides what the failure means for the rest of the request. An
     * {@link HttpException} is the client's protocol fault or a limit (a broken chunk → 400, over --max-body →
     * 413): the client is still there and is answered with that status when the exception escapes the app, but the body
     * framing is lost, so the connection closes after whatever response is sent (RFC 9112 §9.6), even one the app
     * writes after catching it. Any other I/O failure (end of stream, reset, timeout) means the client is gone.
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

    /** An exception escaped the app (or the container failed while serving it). */
    void failed(Throwable t) {
        int status = statusFor(t);
        logFailure(t, status);
        if (isAsyncStarted() && !asyncError(t)) {
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

    /** Once per failure: only an app fault (500) is an error; the client's faults are debug, as is its going away. */
    private void logFailure(Throwable t, int status) {
        if (clientGone) {
            LOG.debug("{} in context '{}': client went away: {}", request, app.contextPath, t.toString());
        } else if (status == 500) {
            LOG.error("{} failed in context '{}'", request, app.contextPath, t);
        } else if (status > 500) {
            LOG.warn("{} in context '{}' answered {}: {}", request, app.contextPath, status, t.toString());
        } else {
            LOG.debug("{} in context '{}' answered {}: {}", request, app.contextPath, status, t.toString());
        }
    }

    /** 400 for malformed input the app asked about, the engine's status for body faults, 503/404 for unavailable. */
    static int statusFor(Throwable t) {
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
        if (thrown != null && (status == 413 || HttpCause.of(thrown) != null)) {
            exchange.closeAfterResponse();    // the body is left unread past a limit, or its framing is in doubt
        }
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

    /**
     * Ends the request, exactly once: a pending sendError becomes its page, the body is finished, async and request
     * listeners are told, and a suspended exchange is completed.
     */
    private void finish() {
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            finishResponse();
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    private void finishResponse() {
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
            closeMultipart();
            releaseSessions();
            if (async != null) {
                async.fireComplete();
            }
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

    /**
     * Where the request stands in the async life cycle. A container dispatch (the REQUEST, or an ASYNC dispatch) may
     * be running; {@code complete()} and {@code dispatch()} called during it take effect when it returns.
     */
    enum AsyncPhase {
        /** Not in async mode. */
        NONE,
        /** startAsync was called; waiting for complete, dispatch or the timeout. */
        STARTED,
        /** complete() was called during the dispatch. */
        COMPLETE_PENDING,
        /** dispatch() was called during the dispatch. */
        DISPATCH_PENDING,
        /** An async dispatch has been handed to the executor. */
        DISPATCHED,
        /** The request is being finished or is done. */
        FINISHED
    }

    private AsyncContextImpl async;
    private AsyncPhase phase = AsyncPhase.NONE;
    private boolean dispatching;
    private Dispatcher pendingDispatch;
    private ScheduledFuture<?> timeout;
    private Throwable deferredFailure;

    synchronized AsyncContext startAsync(ServletRequest req, ServletResponse resp, boolean original) {
        if (!request.asyncSupported) {
            throw new IllegalStateException("startAsync: a filter or servlet of this request ("
                    + request.mapping().getServletName() + ") does not support async; see asyncSupported");
        }
        if (!dispatching) {
            throw new IllegalStateException("startAsync must be called during a dispatch of the request");
        }
        if (phase != AsyncPhase.NONE && phase != AsyncPhase.DISPATCHED) {
            throw new IllegalStateException("startAsync: the request is already in async mode (" + phase + ")");
        }
        if (response.isSuspended() && !response.errorPending()) {
            throw new IllegalStateException("startAsync: the response has already been closed");
        }
        if (async == null) {
            async = new AsyncContextImpl(this);
        }
        async.start(req, resp, original);
        phase = AsyncPhase.STARTED;
        return async;
    }

    /**
     * True from startAsync until the async cycle ends: a complete() or dispatch() called during the container
     * dispatch only takes effect when that dispatch returns (AsyncContext.complete javadoc), so until then the
     * request is still in async mode — and a forward that went async in its target leaves the response open.
     * Tomcat and Jetty answer the same, and frameworks rely on it: Spring MVC renders no view for a
     * {@code DeferredResult} or {@code Callable} whose result came before its handler returned only because the
     * request still says async.
     */
    synchronized boolean isAsyncStarted() {
        return phase == AsyncPhase.STARTED || phase == AsyncPhase.COMPLETE_PENDING
                || phase == AsyncPhase.DISPATCH_PENDING;
    }


    synchronized AsyncContext asyncContext() {
        if (async == null) {
            throw new IllegalStateException("startAsync has not been called for this request");
        }
        return async;
    }

    synchronized boolean isDispatching() {
        return dispatching;
    }

    /** Whether the async cycle still accepts complete() or dispatch(). */
    synchronized boolean isAsyncOpen() {
        return phase == AsyncPhase.STARTED;
    }

    /** AsyncContext.complete(): now if no dispatch is running, else when it returns. */
    void complete() {
        synchronized (this) {
            switch (phase) {
                case STARTED -> {
                    if (dispatching) {
                        phase = AsyncPhase.COMPLETE_PENDING;
                        return;
                    }
                    phase = AsyncPhase.FINISHED;
                    cancelTimeout();
                }
                case COMPLETE_PENDING, FINISHED -> {
                    return;     // already completing: the javadoc makes repeated calls harmless
                }
                default -> throw new IllegalStateException("complete: the request is not in async mode (" + phase
                        + ")");
            }
        }
        finish();
    }

    /** AsyncContext.dispatch(...): now if no dispatch is running, else when it returns. */
    void dispatch(Dispatcher target) {
        synchronized (this) {
            if (phase != AsyncPhase.STARTED) {
                throw new IllegalStateException("dispatch: the async cycle has already been completed or dispatched ("
                        + phase + ")");
            }
            if (dispatching) {
                phase = AsyncPhase.DISPATCH_PENDING;
                pendingDispatch = target;
                return;
            }
            phase = AsyncPhase.DISPATCHED;
            cancelTimeout();
        }
        submitDispatch(target);
    }

    /** A container dispatch returned: finish, or leave the exchange suspended for what async asked. */
    private void afterDispatch(boolean initial) {
        Dispatcher target = null;
        boolean finishNow = false;
        Throwable failure = null;
        synchronized (this) {
            dispatching = false;
            if (phase == AsyncPhase.STARTED && deferredFailure != null) {
                failure = deferredFailure;
                deferredFailure = null;
                phase = AsyncPhase.FINISHED;
            }
            switch (phase) {
                case FINISHED -> {
                    // ended by a deferred failure (handled below), never finished twice
                }
                case STARTED -> {
                    if (initial) {
                        exchange.suspend();
                    }
                    long ms = async.getTimeout();
                    if (ms > 0) {
                        timeout = app.services.scheduler().schedule(this::timedOut, ms, TimeUnit.MILLISECONDS);
                    }
                    app.services.parked(this);
                }
                case DISPATCH_PENDING -> {
                    if (initial) {
                        exchange.suspend();
                    }
                    phase = AsyncPhase.DISPATCHED;
                    target = pendingDispatch;
                    pendingDispatch = null;
                }
                default -> {
                    phase = AsyncPhase.FINISHED;
                    finishNow = true;
                }
            }
        }
        if (failure != null) {
            endWithError(failure);
        } else if (finishNow) {
            finish();
        } else if (target != null) {
            submitDispatch(target);
        }
    }

    private void submitDispatch(Dispatcher target) {
        execute(() -> runAsyncDispatch(target));
    }

    /** An ASYNC dispatch (§2.3.3.3): like a forward that does not return, with the async.* attributes set. */
    private void runAsyncDispatch(Dispatcher target) {
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            ServletRequest req;
            ServletResponse resp;
            synchronized (this) {
                dispatching = true;
                req = async.dispatchRequest();
                resp = async.dispatchResponse();
            }
            try {
                request.enterDispatch(DispatcherType.ASYNC, target);
                request.asyncSupported = true;
                app.invoke(req, resp, request, target, DispatcherType.ASYNC);
            } catch (Throwable t) {
                failed(t);
            }
            afterDispatch(false);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    /** Runs work for the request on the gateway's executor (AsyncContext.start, dispatches, timeouts). */
    void execute(Runnable task) {
        try {
            app.services.executor().execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: the gateway is stopping, async work dropped", request);
            abort();
        }
    }

    private void cancelTimeout() {
        app.services.unparked(this);
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    /** §2.3.3.3: listeners hear onTimeout; if none completes or dispatches, an error dispatch with 500. */
    /** A graceful stop has begun: a parked request times out now rather than hold the stop for its grace. */
    void expireForShutdown() {
        synchronized (this) {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        timedOut();
    }

    private void timedOut() {
        app.services.unparked(this);
        synchronized (this) {
            timeout = null;
            if (phase != AsyncPhase.STARTED || dispatching) {
                return;
            }
        }
        execute(() -> {
            ClassLoader previous = AppClassLoader.enter(app.loader);
            try {
                async.fireTimeout();
                synchronized (this) {
                    if (phase != AsyncPhase.STARTED || dispatching) {
                        return;
                    }
                    phase = AsyncPhase.FINISHED;
                }
                LOG.debug("{}: async timeout after {} ms", request, async.getTimeout());
                if (!exchange.isCommitted() && !clientGone) {
                    sendErrorResponse(500, "The request timed out.", null);
                } else {
                    abort();
                }
                finish();
            } finally {
                AppClassLoader.exit(previous);
            }
        });
    }

    /**
     * An exception escaped a dispatch after startAsync: listeners hear onError; unless one of them completed or
     * dispatched, the error response is sent and the request completes when the dispatch returns.
     * @return true if the caller should go on to send the error response
     */
    private boolean asyncError(Throwable t) {
        AsyncPhase before;
        synchronized (this) {
            before = phase;
        }
        async.fireError(t);
        synchronized (this) {
            if (phase == AsyncPhase.STARTED || phase == AsyncPhase.COMPLETE_PENDING && before == phase) {
                phase = AsyncPhase.COMPLETE_PENDING;
                return true;
            }
            return false;
        }
    }

    /**
     * An app's AsyncContext.start task or I/O callback failed. Listeners hear onError; unless one completes or
     * dispatches, the error response is sent and the request completed — once the dispatch that started async has
     * returned, if it is still running.
     */
    void failedOutsideDispatch(Throwable t) {
        logFailure(t, statusFor(t));
        async.fireError(t);
        synchronized (this) {
            if (phase != AsyncPhase.STARTED) {
                return;
            }
            if (dispatching) {
                deferredFailure = t;
                return;
            }
            phase = AsyncPhase.FINISHED;
            cancelTimeout();
        }
        endWithError(t);
    }

    private void endWithError(Throwable t) {
        if (!exchange.isCommitted() && !clientGone) {
            sendErrorResponse(statusFor(t), null, t);
        } else {
            abort();
        }
        finish();
    }

    // ---- multipart (§3.2) -----------------------------------------------------------------------------------

    private MultipartForm multipart;

    /** The parts of a multipart/form-data body, parsed once, for a servlet with a multipart config. */
    Collection<Part> parts() throws IOException, ServletException {
        MultipartConfigElement config = request.mapping().servlet.multipartConfig;
        if (config == null) {
            throw new IllegalStateException("servlet " + request.mapping().getServletName()
                    + " has no multipart configuration (@MultipartConfig or multipart-config)");
        }
        if (!MultipartParser.isMultipartFormData(request.getContentType())) {
            throw new ServletException("the request is not multipart/form-data");
        }
        return multipartForm(config).parts();
    }

    private MultipartForm multipartForm(MultipartConfigElement config) throws IOException {
        if (multipart == null) {
            if (!request.isBodyUnread()) {
                throw new IllegalStateException("the request body has already been read");
            }
            request.markBodyConsumed();
            String encoding = request.getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : PorticoResponse.charsetFor(encoding);
            Path tempDir = ((File) app.attributes.get(ServletContext.TEMPDIR)).toPath();
            multipart = new MultipartParser(config, tempDir, charset).parse(request.getContentType(),
                    exchange.request().contentLength(), request.input());
        }
        return multipart;
    }

    /** §3.2: the form fields of a multipart body are parameters too, when the servlet has a multipart config. */
    void multipartParameters(FormDecoder decoder) {
        MultipartConfigElement config = request.mapping().servlet.multipartConfig;
        if (config == null || multipart == null && !request.isBodyUnread()
                || !MultipartParser.isMultipartFormData(request.getContentType())) {
            return;
        }
        try {
            long maxFormSize = app.services.limits().maxFormSize();
            for (Map.Entry<String, List<String>> field : multipartForm(config).formFields(maxFormSize).entrySet()) {
                for (String value : field.getValue()) {
                    decoder.add(field.getKey(), value);
                }
            }
        } catch (MultipartException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);    // a failed body read was judged where it happened (bodyReadFailed)
        }
    }

    private void closeMultipart() {
        if (multipart != null) {
            multipart.close();
            multipart = null;
        }
    }
}
