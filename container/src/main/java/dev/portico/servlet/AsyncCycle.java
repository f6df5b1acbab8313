package dev.portico.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The async life cycle of one request (Servlet 6.1 §2.3.3.3): startAsync, then complete, dispatch or the timeout.
 * A container dispatch (the REQUEST, or an ASYNC dispatch) may be running; {@code complete()} and {@code dispatch()}
 * called during it take effect when it returns. Nothing here blocks a thread: a waiting request is a suspended
 * exchange plus, at most, a timer. The {@link PorticoAsyncContext} the app sees holds its listeners and arguments.
 */
final class AsyncCycle {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncCycle.class);

    /** Where the request stands in the async life cycle. */
    enum Phase {
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

    final RequestCycle cycle;
    private PorticoAsyncContext context;
    private Phase phase = Phase.NONE;
    /** A container dispatch of the request is running. */
    private boolean dispatching;
    private Dispatcher pendingDispatch;
    private ScheduledFuture<?> timeout;
    /** A failure outside the dispatch that was still running: handled when that dispatch returns. */
    private Throwable deferredFailure;

    AsyncCycle(RequestCycle cycle) {
        this.cycle = cycle;
    }

    // ---- the app's calls --------------------------------------------------------------------------------------

    synchronized AsyncContext startAsync(ServletRequest req, ServletResponse resp, boolean original) {
        PorticoRequest request = cycle.request;
        if (!request.asyncSupported) {
            throw new IllegalStateException("startAsync: a filter or servlet of this request ("
                    + request.mapping().getServletName() + ") does not support async; see asyncSupported");
        }
        if (!dispatching) {
            throw new IllegalStateException("startAsync must be called during a dispatch of the request");
        }
        if (phase != Phase.NONE && phase != Phase.DISPATCHED) {
            throw new IllegalStateException("startAsync: the request is already in async mode (" + phase + ")");
        }
        if (cycle.response.isClosedByApp() && !cycle.response.errorPending()) {
            throw new IllegalStateException("startAsync: the response has already been closed");
        }
        if (context == null) {
            context = new PorticoAsyncContext(this);
        }
        context.start(req, resp, original);
        phase = Phase.STARTED;
        return context;
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
        return phase == Phase.STARTED || phase == Phase.COMPLETE_PENDING || phase == Phase.DISPATCH_PENDING;
    }

    synchronized AsyncContext asyncContext() {
        if (context == null) {
            throw new IllegalStateException("startAsync has not been called for this request");
        }
        return context;
    }

    synchronized boolean isDispatching() {
        return dispatching;
    }

    /** Whether the async cycle still accepts complete() or dispatch(). */
    synchronized boolean isOpen() {
        return phase == Phase.STARTED;
    }

    /** AsyncContext.complete(): now if no dispatch is running, else when it returns. */
    void complete() {
        synchronized (this) {
            switch (phase) {
                case STARTED -> {
                    if (dispatching) {
                        phase = Phase.COMPLETE_PENDING;
                        return;
                    }
                    phase = Phase.FINISHED;
                    cancelTimeout();
                }
                case COMPLETE_PENDING, FINISHED -> {
                    return;     // already completing: the javadoc makes repeated calls harmless
                }
                default -> throw new IllegalStateException("complete: the request is not in async mode (" + phase
                        + ")");
            }
        }
        cycle.end();
    }

    /** AsyncContext.dispatch(...): now if no dispatch is running, else when it returns. */
    void dispatch(Dispatcher target) {
        synchronized (this) {
            if (phase != Phase.STARTED) {
                throw new IllegalStateException("dispatch: the async cycle has already been completed or dispatched ("
                        + phase + ")");
            }
            if (dispatching) {
                phase = Phase.DISPATCH_PENDING;
                pendingDispatch = target;
                return;
            }
            phase = Phase.DISPATCHED;
            cancelTimeout();
        }
        submitDispatch(target);
    }

    /** Runs work for the request on the gateway's executor (AsyncContext.start, dispatches, timeouts). */
    void execute(Runnable task) {
        try {
            cycle.app.services.executor().execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: the gateway is stopping, async work dropped", cycle.request);
            cycle.errors.abort();
        }
    }

    // ---- container dispatches ---------------------------------------------------------------------------------

    /** A container dispatch (the REQUEST one, or an ASYNC one) begins. */
    synchronized void dispatchBegins() {
        dispatching = true;
    }

    /** A container dispatch returned: end the request, or leave the exchange suspended for what async asked. */
    void dispatchReturned(boolean initial) {
        Dispatcher target = null;
        boolean endNow = false;
        Throwable failure = null;
        synchronized (this) {
            dispatching = false;
            if (phase == Phase.STARTED && deferredFailure != null) {
                failure = deferredFailure;
                deferredFailure = null;
                phase = Phase.FINISHED;
            }
            switch (phase) {
                case FINISHED -> {
                    // ended by a deferred failure (handled below), never ended twice
                }
                case STARTED -> {
                    if (initial) {
                        cycle.exchange.suspend();
                    }
                    long ms = context.getTimeout();
                    if (ms > 0) {
                        timeout = cycle.app.services.scheduler().schedule(this::timedOut, ms, TimeUnit.MILLISECONDS);
                    }
                    cycle.app.services.parked(this);
                }
                case DISPATCH_PENDING -> {
                    if (initial) {
                        cycle.exchange.suspend();
                    }
                    phase = Phase.DISPATCHED;
                    target = pendingDispatch;
                    pendingDispatch = null;
                }
                default -> {
                    phase = Phase.FINISHED;
                    endNow = true;
                }
            }
        }
        if (failure != null) {
            cycle.errors.endWithFailure(failure);
        } else if (endNow) {
            cycle.end();
        } else if (target != null) {
            submitDispatch(target);
        }
    }

    private void submitDispatch(Dispatcher target) {
        execute(() -> runAsyncDispatch(target));
    }

    /** An ASYNC dispatch (§2.3.3.3): like a forward that does not return, with the async.* attributes set. */
    private void runAsyncDispatch(Dispatcher target) {
        PorticoRequest request = cycle.request;
        ClassLoader previous = AppClassLoader.enter(cycle.app.loader);
        try {
            ServletRequest req;
            ServletResponse resp;
            synchronized (this) {
                dispatching = true;
                req = context.dispatchRequest();
                resp = context.dispatchResponse();
            }
            try {
                request.enterDispatch(DispatcherType.ASYNC, target);
                request.asyncSupported = true;
                cycle.app.invoke(req, resp, request, target, DispatcherType.ASYNC);
            } catch (Throwable t) {
                cycle.errors.failed(t);
            }
            dispatchReturned(false);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    // ---- timeouts ---------------------------------------------------------------------------------------------

    private void cancelTimeout() {
        cycle.app.services.unparked(this);
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    /** A graceful stop has begun: a parked request times out now rather than hold the stop for its grace. */
    void expireForShutdown() {
        synchronized (this) {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        timedOut();
    }

    /** §2.3.3.3: listeners hear onTimeout; if none completes or dispatches, an error dispatch with 500. */
    private void timedOut() {
        cycle.app.services.unparked(this);
        synchronized (this) {
            timeout = null;
            if (phase != Phase.STARTED || dispatching) {
                return;
            }
        }
        execute(() -> {
            ClassLoader previous = AppClassLoader.enter(cycle.app.loader);
            try {
                context.fireTimeout();
                synchronized (this) {
                    if (phase != Phase.STARTED || dispatching) {
                        return;
                    }
                    phase = Phase.FINISHED;
                }
                LOG.debug("{}: async timeout after {} ms", cycle.request, context.getTimeout());
                cycle.errors.endWithTimeout();
            } finally {
                AppClassLoader.exit(previous);
            }
        });
    }

    // ---- failures (the ErrorResponder decides what they mean; these say what async makes of them) -------------

    /**
     * An exception escaped a dispatch after startAsync: listeners hear onError.
     * @return true if none of them completed or dispatched, so the error response is to be sent (and the request
     *     completes when the dispatch returns)
     */
    boolean errorInDispatch(Throwable t) {
        Phase before;
        synchronized (this) {
            before = phase;
        }
        context.fireError(t);
        synchronized (this) {
            if (phase == Phase.STARTED || phase == Phase.COMPLETE_PENDING && before == phase) {
                phase = Phase.COMPLETE_PENDING;
                return true;
            }
            return false;
        }
    }

    /**
     * An app's AsyncContext.start task or I/O callback failed: listeners hear onError. Unless one completes or
     * dispatches, the request ends with the error — once the dispatch that started async has returned, if it is
     * still running (then this defers the failure to {@link #dispatchReturned}).
     * @return true if the caller should end the request with the error now
     */
    boolean errorOutsideDispatch(Throwable t) {
        context.fireError(t);
        synchronized (this) {
            if (phase != Phase.STARTED) {
                return false;
            }
            if (dispatching) {
                deferredFailure = t;
                return false;
            }
            phase = Phase.FINISHED;
            cancelTimeout();
            return true;
        }
    }

    /** The request has ended: the listeners of the last async cycle hear onComplete. */
    void ended() {
        PorticoAsyncContext c;
        synchronized (this) {
            c = context;
        }
        if (c != null) {
            c.fireComplete();
        }
    }
}
