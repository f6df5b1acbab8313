package dev.portico.servlet;

import dev.portico.http.HttpLimits;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the gateway owns besides the connections': one scheduler for every timer (async timeouts, session expiry)
 * and an executor for work the app hands to the container (AsyncContext.start, async dispatches, I/O callbacks).
 * The executor uses virtual threads where the JDK has them. Also the request limits the gateway enforces itself.
 */
final class GatewayServices {
    private final HttpLimits limits;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService executor;
    /** Requests waiting in async mode, so a graceful stop can time them out at once. */
    private final Set<AsyncCycle> parked = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    GatewayServices(HttpLimits limits) {
        this.limits = limits;
        scheduler = new ScheduledThreadPoolExecutor(1, daemon("portico-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        // started now, from container code: a thread started later from inside an app would keep that app's
        // class loader reachable (as its context loader and in its inherited access control context)
        scheduler.prestartAllCoreThreads();
        executor = newExecutor();
    }

    /** The form size and parameter count limits are the gateway's to enforce (the engine never decodes a form). */
    HttpLimits limits() {
        return limits;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService executor() {
        return executor;
    }

    void parked(AsyncCycle cycle) {
        parked.add(cycle);
        if (stopping) {
            scheduler.execute(cycle::expireForShutdown);  // went async after the stop began
        }
    }

    void unparked(AsyncCycle cycle) {
        parked.remove(cycle);
    }

    /** Times out every parked async request (its listeners hear onTimeout), as a graceful stop begins. */
    void expireParked() {
        stopping = true;
        for (AsyncCycle cycle : List.copyOf(parked)) {
            cycle.expireForShutdown();
        }
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
            // idle threads end soon, so none outlives an undeployed app for long (see daemon())
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    daemon("portico-async"));
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(GatewayServices.class.getClassLoader());   // never the app's
            return t;
        };
    }
}
