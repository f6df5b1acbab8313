package dev.portico.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of a context, by kind, in registration order (Servlet 6.1 §11). Context and session destruction are
 * notified in reverse order (§11.3.4). Listeners are only added while the context initialises, so the lists are
 * read without locking on the request path.
 */
final class Listeners {
    /** The listener interfaces a context accepts (§11.2, {@code ServletContext.addListener}). */
    static final List<Class<? extends EventListener>> KINDS = List.of(ServletContextListener.class,
            ServletContextAttributeListener.class, ServletRequestListener.class,
            ServletRequestAttributeListener.class, HttpSessionListener.class, HttpSessionAttributeListener.class,
            HttpSessionIdListener.class);

    /** A context listener and whether it was declared (else added programmatically, §4.4 restrictions apply). */
    record ContextListener(ServletContextListener listener, boolean declared) {
    }

    final List<ContextListener> context = new CopyOnWriteArrayList<>();
    final List<ServletContextAttributeListener> contextAttributes = new CopyOnWriteArrayList<>();
    final List<ServletRequestListener> requests = new CopyOnWriteArrayList<>();
    final List<ServletRequestAttributeListener> requestAttributes = new CopyOnWriteArrayList<>();
    final List<HttpSessionListener> sessions = new CopyOnWriteArrayList<>();
    final List<HttpSessionAttributeListener> sessionAttributes = new CopyOnWriteArrayList<>();
    final List<HttpSessionIdListener> sessionIds = new CopyOnWriteArrayList<>();

    static boolean isSupported(Class<?> type) {
        for (Class<?> kind : KINDS) {
            if (kind.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException if the listener implements none of the supported interfaces */
    void add(EventListener listener, boolean declared) {
        if (!isSupported(listener.getClass())) {
            throw new IllegalArgumentException(listener.getClass().getName()
                    + " implements none of the listener interfaces a ServletContext accepts");
        }
        if (listener instanceof ServletContextListener l) {
            context.add(new ContextListener(l, declared));
        }
        if (listener instanceof ServletContextAttributeListener l) {
            contextAttributes.add(l);
        }
        if (listener instanceof ServletRequestListener l) {
            requests.add(l);
        }
        if (listener instanceof ServletRequestAttributeListener l) {
            requestAttributes.add(l);
        }
        if (listener instanceof HttpSessionListener l) {
            sessions.add(l);
        }
        if (listener instanceof HttpSessionAttributeListener l) {
            sessionAttributes.add(l);
        }
        if (listener instanceof HttpSessionIdListener l) {
            sessionIds.add(l);
        }
    }

    // ---- context attributes --------------------------------------------------------------------------------

    void contextAttributeAdded(ServletContext sc, String name, Object value) {
        if (!contextAttributes.isEmpty()) {
            ServletContextAttributeEvent e = new ServletContextAttributeEvent(sc, name, value);
            for (ServletContextAttributeListener l : contextAttributes) {
                l.attributeAdded(e);
            }
        }
    }

    void contextAttributeReplaced(ServletContext sc, String name, Object old) {
        if (!contextAttributes.isEmpty()) {
            ServletContextAttributeEvent e = new ServletContextAttributeEvent(sc, name, old);
            for (ServletContextAttributeListener l : contextAttributes) {
                l.attributeReplaced(e);
            }
        }
    }

    void contextAttributeRemoved(ServletContext sc, String name, Object old) {
        if (!contextAttributes.isEmpty()) {
            ServletContextAttributeEvent e = new ServletContextAttributeEvent(sc, name, old);
            for (ServletContextAttributeListener l : contextAttributes) {
                l.attributeRemoved(e);
            }
        }
    }

    // ---- requests ------------------------------------------------------------------------------------------

    void requestInitialized(ServletContext sc, ServletRequest request) {
        if (!requests.isEmpty()) {
            ServletRequestEvent e = new ServletRequestEvent(sc, request);
            for (ServletRequestListener l : requests) {
                l.requestInitialized(e);
            }
        }
    }

    void requestDestroyed(ServletContext sc, ServletRequest request) {
        if (!requests.isEmpty()) {
            ServletRequestEvent e = new ServletRequestEvent(sc, request);
            for (int i = requests.size() - 1; i >= 0; i--) {
                requests.get(i).requestDestroyed(e);
            }
        }
    }

    void requestAttributeAdded(ServletContext sc, ServletRequest request, String name, Object value) {
        if (!requestAttributes.isEmpty()) {
            ServletRequestAttributeEvent e = new ServletRequestAttributeEvent(sc, request, name, value);
            for (ServletRequestAttributeListener l : requestAttributes) {
                l.attributeAdded(e);
            }
        }
    }

    void requestAttributeReplaced(ServletContext sc, ServletRequest request, String name, Object old) {
        if (!requestAttributes.isEmpty()) {
            ServletRequestAttributeEvent e = new ServletRequestAttributeEvent(sc, request, name, old);
            for (ServletRequestAttributeListener l : requestAttributes) {
                l.attributeReplaced(e);
            }
        }
    }

    void requestAttributeRemoved(ServletContext sc, ServletRequest request, String name, Object old) {
        if (!requestAttributes.isEmpty()) {
            ServletRequestAttributeEvent e = new ServletRequestAttributeEvent(sc, request, name, old);
            for (ServletRequestAttributeListener l : requestAttributes) {
                l.attributeRemoved(e);
            }
        }
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    void sessionCreated(HttpSession session) {
        if (!sessions.isEmpty()) {
            HttpSessionEvent e = new HttpSessionEvent(session);
            for (HttpSessionListener l : sessions) {
                l.sessionCreated(e);
            }
        }
    }

    void sessionDestroyed(HttpSession session) {
        if (!sessions.isEmpty()) {
            HttpSessionEvent e = new HttpSessionEvent(session);
            List<HttpSessionListener> list = new ArrayList<>(sessions);
            for (int i = list.size() - 1; i >= 0; i--) {
                list.get(i).sessionDestroyed(e);
            }
        }
    }

    void sessionIdChanged(HttpSession session, String oldId) {
        if (!sessionIds.isEmpty()) {
            HttpSessionEvent e = new HttpSessionEvent(session);
            for (HttpSessionIdListener l : sessionIds) {
                l.sessionIdChanged(e, oldId);
            }
        }
    }

    void sessionAttributeAdded(HttpSession session, String name, Object value) {
        if (!sessionAttributes.isEmpty()) {
            HttpSessionBindingEvent e = new HttpSessionBindingEvent(session, name, value);
            for (HttpSessionAttributeListener l : sessionAttributes) {
                l.attributeAdded(e);
            }
        }
    }

    void sessionAttributeReplaced(HttpSession session, String name, Object old) {
        if (!sessionAttributes.isEmpty()) {
            HttpSessionBindingEvent e = new HttpSessionBindingEvent(session, name, old);
            for (HttpSessionAttributeListener l : sessionAttributes) {
                l.attributeReplaced(e);
            }
        }
    }

    void sessionAttributeRemoved(HttpSession session, String name, Object old) {
        if (!sessionAttributes.isEmpty()) {
            HttpSessionBindingEvent e = new HttpSessionBindingEvent(session, name, old);
            for (HttpSessionAttributeListener l : sessionAttributes) {
                l.attributeRemoved(e);
            }
        }
    }

    /** Context listeners for notification in registration order. */
    List<ContextListener> contextListeners() {
        return context;
    }

    static ServletContextEvent event(ServletContext sc) {
        return new ServletContextEvent(sc);
    }
}
