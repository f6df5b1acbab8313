package dev.portico.servlet;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests one {@link WebApp} is serving, counted so that undeploy and {@code --reload} can retire the app: refuse
 * new requests, let those in flight finish within a grace period, and close the connections its upgrade handlers own.
 */
final class InflightRequests {
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean retiring;

    /** The open connections that this app's upgrade handlers own. */
    final Set<PorticoWebConnection> upgraded = ConcurrentHashMap.newKeySet();

    boolean isRetiring() {
        return retiring;
    }

    /** Counts a request in; false if the context is being retired (the caller looks the context up again). */
    boolean tryEnter() {
        count.incrementAndGet();
        if (retiring) {
            exit();
            return false;
        }
        return true;
    }

    void exit() {
        if (count.decrementAndGet() == 0 && retiring) {
            synchronized (count) {
                count.notifyAll();
            }
        }
    }

    /**
     * Refuses new requests, waits up to {@code grace} for those in flight. Connections upgraded by the app's handlers
     * are no requests that could finish: they are closed at once, which destroys their handlers (§2.3.3.5).
     *
     * @return true if all finished
     */
    boolean retire(Duration grace) {
        retiring = true;
        upgraded.forEach(PorticoWebConnection::close);
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (count) {
            while (count.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    count.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    int count() {
        return count.get();
    }
}
