package dev.portico;

import dev.portico.server.Compression;
import dev.portico.server.Handler;
import dev.portico.server.HttpServer;
import dev.portico.server.RequestLog;
import dev.portico.server.ServerOptions;
import dev.portico.server.TlsOptions;
import dev.portico.server.TrustedProxies;
import dev.portico.servlet.Gateway;
import dev.portico.servlet.HealthEndpoint;
import dev.portico.servlet.WebAppSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The embedding API: a server with one or more web applications, started and stopped in-process.
 *
 * <pre>{@code
 * WebAppSpec app = new WebAppSpec("/");
 * app.servlet("hello", new HelloServlet()).mapping("/*");                 // see WebAppSpec
 * Portico portico = Portico.builder().port(0).context(app).build().start();
 * int port = portico.port();
 * portico.stop();
 * }</pre>
 *
 * <p>HTTPS: {@code .tls(TlsOptions.keystore(Path.of("server.p12"), password))} serves it on the port instead of
 * HTTP; {@code .withPort(8443)} on the options serves both, side by side ({@link #tlsPort()}).
 */
public final class Portico {
    private final ServerOptions options;
    /** The contexts to deploy at start; forgotten afterwards so a replaced app's class loader can be collected. */
    private List<WebAppSpec> contexts;
    private final RequestLog requestLog;
    private final String healthPath;
    private final Duration drain;
    private HealthEndpoint health;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Gateway gateway;
    private HttpServer server;
    private boolean started;
    private boolean stopping;

    private Portico(Builder builder) {
        this.options = builder.options;
        this.contexts = List.copyOf(builder.contexts);
        this.requestLog = builder.requestLog;
        this.healthPath = builder.healthPath;
        this.drain = builder.drain;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Deploys every context (initializers, listeners, filters, load-on-startup servlets) and then binds the port, so
     * no request arrives before the apps are ready. If anything fails, what was started is stopped again and the
     * failure is thrown (its message names the servlet or listener and repeats its message).
     */
    public synchronized Portico start() throws Exception {
        if (started) {
            throw new IllegalStateException("already started");
        }
        Gateway g = new Gateway(options.limits());
        try {
            for (WebAppSpec spec : contexts) {
                g.deploy(spec, options.shutdownGrace());
            }
            Handler handler = g;
            if (healthPath != null) {
                health = new HealthEndpoint(healthPath, g, g);
                handler = health;
            }
            HttpServer created = new HttpServer(options, handler).requestLog(requestLog);
            if (health != null) {
                health.watch(created);
            }
            server = created.start();
        } catch (Exception | Error e) {
            g.stop();
            throw e;
        }
        gateway = g;
        contexts = List.of();
        started = true;
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        checkStarted();
        return server.port();
    }

    /** The HTTPS port actually bound (the same as {@link #port()} when HTTPS replaces HTTP), or -1 without TLS. */
    public synchronized int tlsPort() {
        checkStarted();
        return server.tlsPort();
    }

    /**
     * Graceful stop: the health endpoint says 503 at once; after the drain time (0 by default), during which every
     * request is still served, stop accepting, let in-flight requests finish up to the grace period, destroy the
     * apps.
     */
    public void stop() {
        Gateway g;
        HttpServer s;
        synchronized (this) {
            if (!started || stopping) {
                return;
            }
            stopping = true;
            g = gateway;
            s = server;
        }
        try {
            drain();
            g.beginStop();
            s.stop(options.shutdownGrace());
        } finally {
            g.stop();
            stopped.countDown();
        }
    }

    /** Lets a load balancer see the health endpoint's 503 and stop sending before the listener closes. */
    private void drain() {
        if (health == null) {
            return;
        }
        health.draining();
        if (drain.isZero()) {
            return;
        }
        try {
            Thread.sleep(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();  // stop now, without the rest of the drain
        }
    }

    /** How connections are run: "virtual threads" or "N platform threads", for messages to people. */
    public synchronized String describeThreads() {
        checkStarted();
        return server.describeThreads();
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Deploys a context while running (replacing one on the same path atomically: used by --reload). Returns once
     * the new context serves requests and the replaced one, if any, has finished its in-flight requests (up to the
     * shutdown grace period) and been destroyed — so its class loader may be closed right after.
     */
    public void deploy(WebAppSpec spec) throws Exception {
        gateway().deploy(spec, options.shutdownGrace());
    }

    /** Undeploys a context: new requests get 404, in-flight ones finish, then its servlets are destroyed. */
    public void undeploy(String contextPath) {
        gateway().undeploy(contextPath, options.shutdownGrace());
    }

    /** The context paths currently deployed ("" is the root context). */
    public List<String> contextPaths() {
        return gateway().contextPaths();
    }

    private synchronized Gateway gateway() {
        checkStarted();
        return gateway;
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("Portico has not been started");
        }
    }

    public static final class Builder {
        private ServerOptions options = ServerOptions.defaults();
        private final List<WebAppSpec> contexts = new ArrayList<>();
        private RequestLog requestLog;
        private String healthPath;
        private Duration drain = Duration.ZERO;

        public Builder options(ServerOptions options) {
            this.options = options;
            return this;
        }

        public Builder port(int port) {
            options = options.withPort(port);
            return this;
        }

        public Builder host(String host) {
            options = options.withHost(host);
            return this;
        }

        /**
         * The minimum rate a request body must keep once the application has waited {@code grace} for it, else 408;
         * 0 turns the rule off. Defaults: {@link ServerOptions#DEFAULT_MIN_BODY_RATE} bytes/s after
         * {@link ServerOptions#DEFAULT_BODY_RATE_GRACE}.
         */
        public Builder minBodyRate(long bytesPerSecond, Duration grace) {
            options = options.withMinBodyRate(bytesPerSecond, grace);
            return this;
        }

        /** Serves HTTPS with these settings (see {@link TlsOptions}); the keystore is loaded by {@link #start()}. */
        public Builder tls(TlsOptions tls) {
            options = options.withTls(tls);
            return this;
        }

        /**
         * The proxies whose {@code Forwarded} and {@code X-Forwarded-*} fields are believed, e.g.
         * {@code TrustedProxies.parse("127.0.0.1,::1,10.0.0.0/8")}, {@link TrustedProxies#all()} or
         * {@link TrustedProxies#none()}. Default: {@value TrustedProxies#DEFAULT}.
         */
        public Builder trustedProxies(TrustedProxies trustedProxies) {
            options = options.withTrustedProxies(trustedProxies);
            return this;
        }

        /**
         * How response bodies are compressed: {@link Compression#gzip()} turns gzip on with the default types and
         * minimum size; the default is off (see {@link Compression}).
         */
        public Builder compression(Compression compression) {
            options = options.withCompression(compression);
            return this;
        }

        public Builder context(WebAppSpec spec) {
            contexts.add(spec);
            return this;
        }

        /** Told of every finished exchange (the launcher's access log); see {@link HttpServer#requestLog}. */
        public Builder requestLog(RequestLog requestLog) {
            this.requestLog = requestLog;
            return this;
        }

        /**
         * Answers {@code path} with the health report ({@link HealthEndpoint}) before any app: 200 while serving,
         * 503 once a stop has begun. Off (null) by default.
         */
        public Builder health(String path) {
            this.healthPath = path == null ? null : HealthEndpoint.checkPath(path);
            return this;
        }

        /** How long a stop keeps serving, with the health endpoint at 503, before it stops accepting. */
        public Builder drain(Duration drain) {
            if (drain.isNegative()) {
                throw new IllegalArgumentException("drain time below zero: " + drain);
            }
            this.drain = drain;
            return this;
        }

        public Portico build() {
            return new Portico(this);
        }
    }
}
