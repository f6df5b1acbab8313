package dev.portico.server;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where connections wait between requests when they run on a bounded pool of platform threads (Java 17, or
 * {@code --threads N}). A waiting connection holds no thread: it sits in one {@code select()} with all the others
 * and goes back to the pool when its next request starts to arrive (see {@link LingerThenPark}). With virtual
 * threads this class is not used: a blocked virtual thread already waits in the JDK's own poller.
 */
final class IdlePoller implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(IdlePoller.class);

    private final HttpServer server;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Connection> arriving = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    IdlePoller(HttpServer server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = new Thread(this, "portico-idle-poller");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits for the connection's next bytes without a thread, until the deadline (System.nanoTime based). */
    void park(Connection connection, long deadlineNanos) {
        if (!connection.parked(deadlineNanos)) {
            return;  // closed meanwhile (by the watchdog or a stop): nothing to wait for
        }
        arriving.add(connection);
        if (!running) {
            // Stopped meanwhile (a thread that waited briefly for its client can park after stop() has drained
            // the arrivals): nobody would ever register or close it, and the server's stop would wait for it.
            connection.close();
            return;
        }
        selector.wakeup();
    }

    /**
     * Waits, without a thread and without a deadline, until an upgraded connection's channel is readable; then its
     * waiting task runs on a worker. Its channel stays non-blocking (see {@link Upgraded}).
     */
    void awaitReadable(Connection connection) {
        arriving.add(connection);
        if (!running) {
            connection.close();
            return;
        }
        selector.wakeup();
    }

    /** Makes the select return now, so that cancelled registrations (closed channels) are let go. */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        long nextSweep = System.nanoTime();
        List<Connection> ready = new ArrayList<>();
        while (running) {
            try {
                selector.select(1000);
                registerArrivals();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    key.cancel();
                    ready.add((Connection) key.attachment());
                }
                if (!ready.isEmpty()) {
                    selector.selectNow();  // completes the cancellations, so the channels may block again
                    for (Connection connection : ready) {
                        resume(connection);
                    }
                    ready.clear();
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    closeExpired(now);
                    nextSweep = now + 1_000_000_000L;
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("idle poller: {}", e.toString());
            }
        }
    }

    private void registerArrivals() {
        Connection connection;
        while ((connection = arriving.poll()) != null) {
            try {
                connection.channel().configureBlocking(false);
                connection.channel().register(selector, SelectionKey.OP_READ, connection);
            } catch (IOException | RuntimeException e) {
                connection.close();
            }
        }
    }

    private void resume(Connection connection) {
        try {
            if (!connection.isUpgraded()) {
                connection.channel().configureBlocking(true);
            }
            server.execute(connection);
        } catch (IOException | RuntimeException e) {
            connection.close();
        }
    }

    /** Ends connections whose wait ran out: an idle one is closed, a half-received head is owed a 408. */
    private void closeExpired(long now) throws IOException {
        List<Connection> owed408 = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            Connection connection = (Connection) key.attachment();
            try {
                boolean expired = !connection.isUpgraded() && now - connection.parkDeadlineNanos() > 0;
                if (key.isValid() && (server.isStopping() || expired)) {
                    key.cancel();
                    if (connection.isMidHead() && !server.isStopping()) {
                        owed408.add(connection);
                    } else {
                        connection.close();
                    }
                }
            } catch (CancelledKeyException e) {
                // already on its way back to a thread
            }
        }
        if (!owed408.isEmpty()) {
            selector.selectNow();
            for (Connection connection : owed408) {
                connection.headTimedOut();
                resume(connection);
            }
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            for (SelectionKey key : selector.keys()) {
                ((Connection) key.attachment()).close();
            }
            Connection connection;
            while ((connection = arriving.poll()) != null) {
                connection.close();
            }
            selector.close();
        } catch (IOException | InterruptedException e) {
            log.debug("stopping idle poller: {}", e.toString());
        }
    }
}
