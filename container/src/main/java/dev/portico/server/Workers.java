package dev.portico.server;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads connections run on: a virtual thread per connection where the JDK has them (Java 21+), else a bounded
 * pool of platform threads. Portico is compiled for Java 17, so virtual threads are reached by reflection, once.
 */
final class Workers {
    private Workers() {
    }

    /** A virtual-thread-per-task executor, or null on a JDK without virtual threads. */
    static ExecutorService virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, "portico-conn-", 0L);
            ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return (ExecutorService) perTask.invoke(null, factory);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * A pool thread idle this long ends, so the pool returns to no threads once the load is gone (a pool filled by a
     * burst of short connections would otherwise keep all its threads, and their stacks, for good).
     */
    static final Duration POOL_THREAD_KEEP_ALIVE = Duration.ofSeconds(60);

    static ExecutorService pool(int threads) {
        return pool(threads, POOL_THREAD_KEEP_ALIVE);
    }

    static ThreadPoolExecutor pool(int threads, Duration keepAlive) {
        AtomicLong counter = new AtomicLong();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "portico-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, keepAlive.toMillis(), TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
