package dev.portico.servlet;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the gateway owns besides the connections': one scheduler for every timer (async timeouts, session expiry)
 * and an executor for work the app hands to the container (AsyncContext.start, async dispatches, I/O callbacks).
 * The executor uses virtual threads where the JDK has them.
 */
final class GatewayServices {
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService executor;

    GatewayServices() {
        scheduler = new ScheduledThreadPoolExecutor(1, daemon("portico-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        executor = newExecutor();
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService executor() {
        return executor;
    }

    void shutdown() {
        scheduler.shutdownNow();
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    private static ExecutorService newExecutor() {
        try {
            // Java 21+: Executors.newVirtualThreadPerTaskExecutor(), looked up so the code still compiles for 17
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Executors.newCachedThreadPool(daemon("portico-async"));
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
