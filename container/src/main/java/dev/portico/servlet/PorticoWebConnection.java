package dev.portico.servlet;

import dev.portico.server.Exchange;
import dev.portico.server.UpgradedConnection;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP upgrade (Servlet 6.1 §2.3.3.5): {@code request.upgrade} creates the handler; once the request has left the
 * filters and the servlet and the {@code 101} has gone out, the engine hands the connection's streams over and the
 * handler's {@code init} gets this {@link WebConnection}. {@code destroy} runs once, when the connection closes,
 * whoever closes it. Every call into the handler runs with the app's class loader.
 */
final class PorticoWebConnection implements WebConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PorticoWebConnection.class);

    private final WebApp app;
    private final HttpUpgradeHandler handler;
    private final UpgradedConnection connection;
    private final UpgradeInput input;
    private final UpgradeOutput output;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    private PorticoWebConnection(WebApp app, HttpUpgradeHandler handler, UpgradedConnection connection) {
        this.app = app;
        this.handler = handler;
        this.connection = connection;
        this.input = new UpgradeInput(this, connection);
        this.output = new UpgradeOutput(this, connection);
    }

    /**
     * {@code HttpServletRequest.upgrade}: the handler is made now, through the app's class loader like any other
     * component; the switch itself happens when the exchange completes with the 101 set here.
     */
    static <T extends HttpUpgradeHandler> T upgrade(WebApp app, Exchange exchange, Class<T> handlerClass)
            throws ServletException {
        T handler = Registration.instantiate(app, handlerClass);
        exchange.status(101);
        exchange.upgrade(connection -> new PorticoWebConnection(app, handler, connection).start());
        return handler;
    }

    private void start() {
        connection.onClose(this::destroy);
        app.inflight.upgraded.add(this);
        if (app.inflight.isRetiring()) {
            connection.close();  // undeployed while the 101 went out: retire() did not see this one
            return;
        }
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            handler.init(this);
        } catch (Throwable t) {
            LOG.warn("{}.init failed; closing the upgraded connection", handler.getClass().getName(), t);
            connection.close();
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    private void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        app.inflight.upgraded.remove(this);
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            handler.destroy();
        } catch (RuntimeException e) {
            LOG.warn("{}.destroy failed", handler.getClass().getName(), e);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    boolean isDestroyed() {
        return destroyed.get();
    }

    ClassLoader loader() {
        return app.loader;
    }

    @Override
    public ServletInputStream getInputStream() {
        return input;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return output;
    }

    /** Ends the connection; the handler's destroy runs first, once. */
    @Override
    public void close() {
        connection.close();
    }
}
