package dev.portico.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: accepts connections and runs each one's request loop, handing every request to a {@link Handler}.
 * Knows nothing of servlets.
 *
 * <pre>
 *   Listener (plain or TLS) ──accept()──► Connection ──► worker (virtual thread, or pool + IdlePoller between requests)
 * </pre>
 */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final String VERSION = readVersion();

    private final ServerOptions options;
    private final Handler handler;
    private final String serverName = "Portico/" + VERSION;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore connectionPermits;
    private final AtomicLong connectionCounter = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile RequestLog requestLog;
    private volatile boolean stopping;
    /** The listening ports: plain HTTP, HTTPS, or both side by side; the first is {@link #port()}. */
    private final List<Listener> listeners = new ArrayList<>();
    private KeyStoreWatcher keyStoreWatcher;
    private ExecutorService workers;
    private boolean virtualThreads;
    private IdlePoller poller;
    /** How connections wait between requests, chosen once at start (virtual threads or the pool). */
    private IdleWait idleWait;
    private Thread watchdog;

    public HttpServer(ServerOptions options, Handler handler) {
        this.options = options;
        this.handler = handler;
        this.connectionPermits = new Semaphore(options.maxConnections());
    }

    /** Sets a listener told of every finished exchange (the access log); call before {@link #start()}. */
    public HttpServer requestLog(RequestLog requestLog) {
        this.requestLog = requestLog;
        return this;
    }

    /**
     * Loads the TLS keystore if there is one, binds and starts accepting.
     *
     * @throws java.net.BindException if a port is in use
     * @throws TlsConfigurationException if the keystore or truststore cannot be used
     */
    public HttpServer start() throws IOException {
        // Java 17 initialises the class that closes sockets (sun.nio.ch.FileDispatcherImpl) on the first close, and
        // that needs a file descriptor: were the first close to come once descriptors ran out (EMFILE), no socket
        // could ever be closed again and the server would never recover. So close one now.
        SocketChannel.open().close();
        TlsOptions tlsOptions = options.tls();
        TlsContext tls = tlsOptions == null ? null : new TlsContext(tlsOptions);
        try {
            listeners.add(new Listener(this, options.host(), options.port(),
                    tlsOptions != null && !tlsOptions.sideBySide() ? tls : null));
            if (tlsOptions != null && tlsOptions.sideBySide()) {
                listeners.add(new Listener(this, options.host(), tlsOptions.port(), tls));
            }
        } catch (IOException e) {
            listeners.forEach(Listener::close);
            listeners.clear();
            throw e;
        }
        workers = options.threads() == 0 ? Workers.virtualThreads() : null;
        virtualThreads = workers != null;
        if (virtualThreads) {
            idleWait = new BlockingWait(this);
        } else {
            int threads = options.threads() == 0 ? ServerOptions.DEFAULT_POOL_THREADS : options.threads();
            workers = Workers.pool(threads);
            poller = new IdlePoller(this);
            poller.start();
            idleWait = new LingerThenPark(this, poller);
        }
        listeners.forEach(Listener::start);
        if (tls != null) {
            keyStoreWatcher = new KeyStoreWatcher(tls);
            keyStoreWatcher.start();
        }
        watchdog = new Thread(this::watchDeadlines, "portico-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        log.debug("listening on {}:{}{} ({})", options.host(), port(),
                tlsPort() >= 0 && tlsPort() != port() ? " and TLS on " + tlsPort() : "", describeThreads());
        return this;
    }

    /** The port actually bound ({@link ServerOptions#port()}); HTTPS when TLS has no port of its own. */
    public int port() {
        return listeners.get(0).port();
    }

    /** The HTTPS port actually bound (the same as {@link #port()} when HTTPS replaces HTTP), or -1 without TLS. */
    public int tlsPort() {
        for (Listener listener : listeners) {
            if (listener.isTls()) {
                return listener.port();
            }
        }
        return -1;
    }


    public ServerOptions options() {
        return options;
    }

    /** True when each connection runs on its own virtual thread (Java 21+, threads = 0). */
    public boolean usesVirtualThreads() {
        return virtualThreads;
    }

    /** "virtual threads" or "N platform threads", for the start-up line. */
    public String describeThreads() {
        if (virtualThreads) {
            return "virtual threads";
        }
        int threads = options.threads() == 0 ? ServerOptions.DEFAULT_POOL_THREADS : options.threads();
        return threads == 1 ? "1 platform thread, one request at a time" : threads + " platform threads";
    }

    public int openConnections() {
        return connections.size();
    }

    /** Requests being handled now (an async request counts until it completes). */
    public int inFlightRequests() {
        int handling = 0;
        for (Connection connection : connections) {
            if (connection.phase() == Connection.Phase.HANDLING) {
                handling++;
            }
        }
        return handling;
    }

    /** Stops gracefully with the configured grace period. */
    public void stop() {
        stop(options.shutdownGrace());
    }

    /**
     * Stops accepting, closes idle connections, waits up to {@code grace} for in-flight exchanges, then closes the
     * rest. @return true if every exchange finished within the grace period
     */
    public boolean stop(Duration grace) {
        synchronized (lifecycle) {
            if (stopping || listeners.isEmpty()) {
                return true;
            }
            stopping = true;
        }
        listeners.forEach(Listener::close);
        if (keyStoreWatcher != null) {
            keyStoreWatcher.stop();
        }
        for (Connection connection : connections) {
            Connection.Phase phase = connection.phase();
            // An upgraded connection is no request in flight that could finish: it is closed now, its protocol
            // told first (HttpUpgradeHandler.destroy).
            if (phase == Connection.Phase.IDLE || phase == Connection.Phase.NEW
                    || phase == Connection.Phase.UPGRADED) {
                connection.close();
            }
        }
        if (poller != null) {
            poller.stop();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        boolean finished = awaitNoConnections(deadline);
        for (Connection connection : connections) {
            connection.close();
        }
        workers.shutdownNow();
        watchdog.interrupt();
        return finished;
    }

    private boolean awaitNoConnections(long deadline) {
        synchronized (connections) {
            while (!connections.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    connections.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    void acquireConnectionPermit() throws InterruptedException {
        connectionPermits.acquire();
    }

    void releaseConnectionPermit() {
        connectionPermits.release();
    }

    /** Runs a connection a {@link Listener} accepted (and holds a permit for); {@code tls} null for plain HTTP. */
    void accepted(SocketChannel channel, TlsContext tls) throws IOException {
        Connection connection = new Connection(this, channel, connectionCounter.incrementAndGet(), tls);
        connections.add(connection);
        idleWait.accepted(connection);
    }

    /**
     * Enforces the deadlines that have no timer of their own: a write blocked on a client that stopped reading, the
     * minimum rate of a request body being read, and, on virtual threads, the idle and header deadlines of reads (a
     * timed read there costs a scheduler task per request, a sweep here costs nothing per request).
     */
    private void watchDeadlines() {
        long writeLimit = options.idleTimeout().toNanos();
        long shortest = Math.min(options.headerTimeout().toMillis(), options.idleTimeout().toMillis());
        if (options.minBodyRate() > 0) {
            shortest = Math.min(shortest, options.bodyRateGrace().toMillis());
        }
        long period = Math.max(50, Math.min(1000, shortest / 2));
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection connection : connections) {
                if (connection.writeStalledNanos(now) > writeLimit) {
                    log.debug("connection {}: client stopped reading; closing", connection.id());
                    connection.close();
                } else {
                    connection.enforceReadDeadline(now);
                    connection.enforceBodyRate(now);
                }
            }
        }
    }

    void execute(Connection connection) {
        try {
            workers.execute(connection);
        } catch (RejectedExecutionException e) {
            connection.close();
        }
    }

    /** Runs a task of an upgraded connection on a worker. @return false if the server is stopping */
    boolean executeTask(Runnable task) {
        try {
            workers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    void connectionClosed(Connection connection) {
        if (connections.remove(connection)) {
            connectionPermits.release();
            synchronized (connections) {
                connections.notifyAll();
            }
        }
    }

    void exchangeCompleted(HttpExchange exchange) {
        RequestLog logger = requestLog;
        if (logger != null) {
            try {
                logger.completed(exchange, System.nanoTime() - exchange.startNanos());
            } catch (RuntimeException e) {
                log.warn("request log failed: {}", e.toString());
            }
        }
    }

    /** True once {@link #stop} has begun. */
    public boolean isStopping() {
        return stopping;
    }

    boolean parksIdleConnections() {
        return poller != null;
    }

    IdlePoller poller() {
        return poller;
    }

    IdleWait idleWait() {
        return idleWait;
    }

    /** True when connections are queued for a pool thread: then a thread should not wait on one client. */
    boolean connectionsAwaitThreads() {
        return workers instanceof ThreadPoolExecutor pool && !pool.getQueue().isEmpty();
    }

    Handler handler() {
        return handler;
    }

    String serverName() {
        return serverName;
    }

    private static String readVersion() {
        try (InputStream in = HttpServer.class.getResourceAsStream("/portico.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
