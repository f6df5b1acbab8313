package dev.portico.servlet;

import dev.portico.http.HttpLimits;
import dev.portico.http.RequestHead;
import dev.portico.server.Exchange;
import dev.portico.server.Handler;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet gateway: the {@link Handler} the server calls for every request. Picks the context by the longest
 * context-path prefix of the canonical request path and hands the request to it. Contexts can be deployed and
 * undeployed while requests run: the context table is replaced atomically, and a replaced context finishes its
 * in-flight requests before it is stopped.
 */
public final class Gateway implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayServices services;
    /** Sorted by context path length, longest first; replaced as a whole, never changed in place. */
    private volatile WebApp[] contexts = new WebApp[0];
    private final Object deployLock = new Object();

    /** A gateway with the default limits. */
    public Gateway() {
        this(HttpLimits.defaults());
    }

    /** A gateway that enforces the form limits of {@code limits} (the server's: see {@code ServerOptions}). */
    public Gateway(HttpLimits limits) {
        this.services = new GatewayServices(limits);
    }

    /**
     * Starts a context from {@code spec} and puts it in service, replacing a context on the same path (whose
     * in-flight requests get up to {@code grace} to finish before it is stopped).
     * @throws ServletException if the context fails to start; nothing of it is left running
     */
    public void deploy(WebAppSpec spec, Duration grace) throws ServletException {
        WebApp app = new WebApp(spec, services);
        app.start();
        WebApp old;
        synchronized (deployLock) {
            old = find(contexts, spec.contextPath());
            List<WebApp> list = new ArrayList<>(List.of(contexts));
            list.remove(old);
            list.add(app);
            list.sort(Comparator.comparingInt((WebApp a) -> a.contextPath.length()).reversed());
            contexts = list.toArray(new WebApp[0]);
        }
        if (old != null) {
            retire(old, grace);
        }
    }

    /** Takes a context out of service: new requests get 404, in-flight ones may finish, then it is stopped. */
    public boolean undeploy(String contextPath, Duration grace) {
        String path = contextPath == null || contextPath.equals("/") ? "" : contextPath;
        WebApp old;
        synchronized (deployLock) {
            old = find(contexts, path);
            if (old == null) {
                return false;
            }
            List<WebApp> list = new ArrayList<>(List.of(contexts));
            list.remove(old);
            contexts = list.toArray(new WebApp[0]);
        }
        retire(old, grace);
        return true;
    }

    private static void retire(WebApp app, Duration grace) {
        if (!app.inflight.retire(grace)) {
            LOG.warn("context '{}' still had {} request(s) in flight after {} ms; stopping it anyway", app.name(),
                    app.inflight.count(), grace.toMillis());
        }
        app.stop();
    }

    /**
     * A graceful stop is beginning: requests parked in async mode are timed out now (their listeners hear
     * onTimeout and may answer), so they finish within the grace period instead of holding it to the end.
     */
    public void beginStop() {
        services.expireParked();
    }

    /** Stops every context and the gateway's own threads. */
    public void stop() {
        WebApp[] all;
        synchronized (deployLock) {
            all = contexts;
            contexts = new WebApp[0];
        }
        for (WebApp app : all) {
            app.stop();
        }
        services.shutdown();
    }

    /** Each context in service and its life-cycle state, for the health endpoint. */
    Map<String, String> contextStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (WebApp app : contexts) {
            states.put(app.name(), app.state().name().toLowerCase(Locale.ROOT));
        }
        return states;
    }

    /** The context paths in service. */
    public List<String> contextPaths() {
        List<String> paths = new ArrayList<>();
        for (WebApp app : contexts) {
            paths.add(app.contextPath);
        }
        return paths;
    }

    private static WebApp find(WebApp[] table, String contextPath) {
        for (WebApp app : table) {
            if (app.contextPath.equals(contextPath)) {
                return app;
            }
        }
        return null;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        RequestHead head = exchange.request();
        String raw = head.path();
        if (raw.equals("*")) {
            answerAsterisk(exchange);
            return;
        }
        String path = UriPath.canonicalize(raw);
        if (path == null) {
            ErrorPageWriter.write(exchange, 400, "The request path is not valid.");
            return;
        }
        while (true) {
            WebApp app = select(path);
            if (app == null) {
                ErrorPageWriter.write(exchange, 404, null);
                return;
            }
            if (!app.inflight.tryEnter()) {
                continue;    // replaced or undeployed a moment ago: look again
            }
            String relative = path.substring(app.contextPath.length());
            if (relative.isEmpty()) {
                app.inflight.exit();
                // "/ctx" names the context root "/ctx/", to which relative links in its pages must resolve
                exchange.status(302);
                exchange.responseHeaders().set("Location", UriPath.redirectLocation(path + "/", head.query()));
                return;
            }
            app.handle(exchange, relative);
            return;
        }
    }

    private WebApp select(String path) {
        for (WebApp app : contexts) {
            String cp = app.contextPath;
            if (cp.isEmpty() || path.startsWith(cp)
                    && (path.length() == cp.length() || path.charAt(cp.length()) == '/')) {
                return app;
            }
        }
        return null;
    }

    /** {@code OPTIONS *} asks about the server as a whole (RFC 9110 §9.3.7); no other method may use it. */
    private static void answerAsterisk(Exchange exchange) throws IOException {
        if (exchange.request().method().equals("OPTIONS")) {
            exchange.status(200);
            exchange.responseHeaders().set("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE");
        } else {
            ErrorPageWriter.write(exchange, 400, "The asterisk target is only allowed with OPTIONS.");
        }
    }
}
