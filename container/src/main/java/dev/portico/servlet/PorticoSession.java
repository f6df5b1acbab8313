package dev.portico.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory {@link HttpSession} (Servlet 6.1 §7). A session in use by a request is never expired under it; its
 * inactivity is counted from the end of the last request that used it.
 */
final class PorticoSession implements HttpSession {
    private static final Logger LOG = LoggerFactory.getLogger(PorticoSession.class);

    private enum State { VALID, INVALIDATING, INVALID }

    private final SessionManager manager;
    private volatile String id;
    private final long creationTime;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private State state = State.VALID;
    private boolean isNew = true;
    private int inUse;
    /**
     * What getLastAccessedTime reports: when the client's previous request joined the session. Not the current
     * one, which would make the value "now" for every caller (as Tomcat does; the TCK checks it).
     */
    private long lastAccessedTime;
    private long currentAccessTime;    // when the latest request joined it
    private long thisAccessedTime;     // the latest activity: used for expiry
    private volatile int maxInactiveInterval;

    PorticoSession(SessionManager manager, String id, int maxInactiveInterval) {
        this.manager = manager;
        this.id = id;
        this.creationTime = System.currentTimeMillis();
        this.lastAccessedTime = creationTime;
        this.currentAccessTime = creationTime;
        this.thisAccessedTime = creationTime;
        this.maxInactiveInterval = maxInactiveInterval;
    }

    SessionManager manager() {
        return manager;
    }

    void id(String newId) {
        this.id = newId;
    }

    // ---- use by requests ----------------------------------------------------------------------------------

    /** Associates the session with a request; false if it is no longer valid. */
    synchronized boolean access(boolean joinedByClient) {
        if (state != State.VALID) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (isDue(now)) {
            return false;
        }
        lastAccessedTime = currentAccessTime;
        currentAccessTime = now;
        thisAccessedTime = now;
        if (joinedByClient) {
            isNew = false;
        }
        inUse++;
        return true;
    }

    synchronized void release() {
        inUse--;
        thisAccessedTime = System.currentTimeMillis();
    }

    private boolean isDue(long now) {
        int interval = maxInactiveInterval;
        return interval > 0 && inUse == 0 && now - thisAccessedTime > interval * 1000L;
    }

    /** Expires the session if it has been inactive too long. @return true if it is (now) invalid */
    boolean expireIfDue(long now) {
        synchronized (this) {
            if (state != State.VALID) {
                return true;
            }
            if (!isDue(now)) {
                return false;
            }
            state = State.INVALIDATING;
        }
        finishInvalidation();
        return true;
    }

    boolean isValid() {
        synchronized (this) {
            return state == State.VALID;
        }
    }

    // ---- HttpSession ----------------------------------------------------------------------------------------

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return creationTime;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public synchronized long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return lastAccessedTime;
    }

    @Override
    public ServletContext getServletContext() {
        return manager.app.context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        maxInactiveInterval = interval;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveInterval;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(List.copyOf(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        checkValid("setAttribute");
        if (value == null) {
            removeAttribute(name);
            return;
        }
        if (value instanceof HttpSessionBindingListener l) {
            l.valueBound(new HttpSessionBindingEvent(this, name, value));   // before others can see it
        }
        Object old = attributes.put(name, value);
        if (old != null && old != value && old instanceof HttpSessionBindingListener l) {
            l.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
        if (old == null) {
            manager.app.listeners.sessionAttributeAdded(this, name, value);
        } else {
            manager.app.listeners.sessionAttributeReplaced(this, name, old);
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        Object old = attributes.remove(name);
        if (old != null) {
            if (old instanceof HttpSessionBindingListener l) {
                l.valueUnbound(new HttpSessionBindingEvent(this, name, old));
            }
            manager.app.listeners.sessionAttributeRemoved(this, name, old);
        }
    }

    @Override
    public void invalidate() {
        synchronized (this) {
            if (state != State.VALID) {
                throw new IllegalStateException("invalidate: the session is already invalid");
            }
            state = State.INVALIDATING;
        }
        finishInvalidation();
    }

    @Override
    public synchronized boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    /** §7.6 (6.1): access from outside a request, e.g. a WebSocket or background task keeping the session alive. */
    @Override
    public Accessor getAccessor() {
        return consumer -> {
            if (!access(false)) {
                throw new IllegalStateException("the session is no longer valid");
            }
            try {
                consumer.accept(this);
            } finally {
                release();
            }
        };
    }

    /**
     * §7.4/§11: listeners learn of the destruction while attributes are still readable, then every attribute is
     * unbound. Runs with the app's class loader, whichever thread (request or expiry sweep) got here.
     */
    private void finishInvalidation() {
        manager.removed(this);
        ClassLoader previous = AppClassLoader.enter(manager.app.loader);
        try {
            try {
                manager.app.listeners.sessionDestroyed(this);
            } catch (RuntimeException e) {
                LOG.warn("HttpSessionListener failed in sessionDestroyed for context '{}'", manager.app.contextPath,
                        e);
            }
            for (String name : List.copyOf(attributes.keySet())) {
                try {
                    removeAttribute(name);
                } catch (RuntimeException e) {
                    LOG.warn("unbinding session attribute {} failed in context '{}'", name, manager.app.contextPath,
                            e);
                }
            }
        } finally {
            AppClassLoader.exit(previous);
            synchronized (this) {
                state = State.INVALID;
            }
        }
    }

    private void checkValid(String method) {
        State s;
        synchronized (this) {
            s = state;
        }
        if (s == State.INVALID) {
            throw new IllegalStateException("HttpSession." + method + ": the session has been invalidated");
        }
    }

    @Override
    public String toString() {
        return "HttpSession[" + id + "]";
    }
}
