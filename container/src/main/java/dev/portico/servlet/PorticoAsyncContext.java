package dev.portico.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AsyncContext} of a request (Servlet 6.1 §2.3.3.3). The life cycle itself is kept by the
 * {@link AsyncCycle}; this class holds what the app gave startAsync and addListener, and tells the listeners.
 */
final class PorticoAsyncContext implements AsyncContext {
    private static final Logger LOG = LoggerFactory.getLogger(PorticoAsyncContext.class);
    static final long DEFAULT_TIMEOUT_MS = 30_000;

    private record Registered(AsyncListener listener, ServletRequest request, ServletResponse response) {
    }

    private final AsyncCycle async;
    private final RequestCycle cycle;
    private ServletRequest request;
    private ServletResponse response;
    private boolean original;
    /** Where dispatch() with no argument goes: fixed at startAsync (AsyncContext.dispatch() javadoc). */
    private String dispatchPath;
    private volatile long timeout = DEFAULT_TIMEOUT_MS;
    private List<Registered> listeners = new ArrayList<>();

    PorticoAsyncContext(AsyncCycle async) {
        this.async = async;
        this.cycle = async.cycle;
    }

    /** (Re)initialises for a new async cycle; listeners of the previous one hear onStartAsync and are dropped. */
    void start(ServletRequest req, ServletResponse resp, boolean original) {
        this.request = req;
        this.response = resp;
        this.original = original || req == cycle.request && resp == cycle.response;
        // the URI the request was last dispatched to, or the wrapper's, still %-encoded (forPath decodes it)
        HttpServletRequest http = req instanceof HttpServletRequest h ? h : cycle.request;
        String uri = http.getRequestURI();
        String cp = cycle.request.getContextPath();
        String path = uri.startsWith(cp) ? uri.substring(cp.length()) : uri;
        dispatchPath = path + (http.getQueryString() == null ? "" : "?" + http.getQueryString());
        List<Registered> previous = listeners;
        listeners = new ArrayList<>();
        for (Registered r : previous) {
            try {
                r.listener.onStartAsync(new AsyncEvent(this, r.request, r.response));
            } catch (IOException | RuntimeException e) {
                LOG.warn("AsyncListener.onStartAsync failed for {}", cycle.request, e);
            }
        }
    }

    ServletRequest dispatchRequest() {
        return request;
    }

    ServletResponse dispatchResponse() {
        return response;
    }

    private void checkOpen(String method) {
        if (!async.isOpen()) {
            throw new IllegalStateException("AsyncContext." + method
                    + ": complete() or dispatch() has already been called in this async cycle");
        }
    }

    @Override
    public ServletRequest getRequest() {
        checkOpen("getRequest");
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        checkOpen("getResponse");
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return original;
    }

    @Override
    public void dispatch() {
        dispatch(dispatchPath);
    }

    @Override
    public void dispatch(String path) {
        dispatch(cycle.app.context, path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("AsyncContext.dispatch needs a context-relative path starting with /: "
                    + path);
        }
        if (context != cycle.app.context) {
            throw new UnsupportedOperationException(
                    "AsyncContext.dispatch to another ServletContext is not supported by Portico");
        }
        Dispatcher target = Dispatcher.forPath(cycle.app, path);
        if (target == null) {
            throw new IllegalArgumentException("AsyncContext.dispatch: not a valid path: " + path);
        }
        async.dispatch(target);
    }

    @Override
    public void complete() {
        async.complete();
    }

    /** Runs the task on the gateway's executor, with the app's class loader as context loader. */
    @Override
    public void start(Runnable run) {
        ClassLoader loader = cycle.app.loader;
        async.execute(() -> {
            ClassLoader previous = AppClassLoader.enter(loader);
            try {
                run.run();
            } catch (Throwable t) {
                cycle.errors.failedOutsideDispatch(t);
            } finally {
                AppClassLoader.exit(previous);
            }
        });
    }

    @Override
    public void addListener(AsyncListener listener) {
        addListener(listener, request, response);
    }

    @Override
    public synchronized void addListener(AsyncListener listener, ServletRequest req, ServletResponse resp) {
        if (!async.isOpen()) {
            throw new IllegalStateException("AsyncContext.addListener: the async cycle has been completed or "
                    + "dispatched");
        }
        listeners.add(new Registered(listener, req, resp));
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return Registration.instantiate(cycle.app, clazz);
    }

    /** Must be called before the dispatch in which startAsync was called returns (javadoc). */
    @Override
    public void setTimeout(long timeout) {
        if (!async.isDispatching()) {
            throw new IllegalStateException("AsyncContext.setTimeout after the dispatch that started async returned");
        }
        this.timeout = timeout;
    }

    @Override
    public long getTimeout() {
        return timeout;
    }

    // ---- notifications ----------------------------------------------------------------------------------------

    private synchronized List<Registered> snapshot() {
        return List.copyOf(listeners);
    }

    void fireComplete() {
        for (Registered r : snapshot()) {
            try {
                r.listener.onComplete(new AsyncEvent(this, r.request, r.response));
            } catch (IOException | RuntimeException e) {
                LOG.warn("AsyncListener.onComplete failed for {}", cycle.request, e);
            }
        }
    }

    void fireTimeout() {
        for (Registered r : snapshot()) {
            try {
                r.listener.onTimeout(new AsyncEvent(this, r.request, r.response));
            } catch (IOException | RuntimeException e) {
                LOG.warn("AsyncListener.onTimeout failed for {}", cycle.request, e);
            }
        }
    }

    void fireError(Throwable t) {
        for (Registered r : snapshot()) {
            try {
                r.listener.onError(new AsyncEvent(this, r.request, r.response, t));
            } catch (IOException | RuntimeException e) {
                LOG.warn("AsyncListener.onError failed for {}", cycle.request, e);
            }
        }
    }
}
