package dev.portico.server;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
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
     * A pool of at most {@code threads} platform threads that grows only when no thread is idle, and shrinks again
     * after a few idle seconds: a plain fixed pool would start a new thread for every task until all exist.
     */
    static ExecutorService pool(int threads) {
        AtomicLong counter = new AtomicLong();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "portico-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        HandOffQueue queue = new HandOffQueue();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, threads, 5, TimeUnit.SECONDS, queue, factory,
                (task, executor) -> {
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException("the server is stopping");
                    }
                    queue.enqueue(task);  // every thread busy: the task waits its turn
                });
        queue.pool = pool;
        return pool;
    }

    /** Gives a task to an idle thread if one waits; else asks the pool for a new thread while it may grow. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        transient ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            if (tryTransfer(task)) {
                return true;
            }
            if (pool.getPoolSize() < pool.getMaximumPoolSize()) {
                return false;  // makes the pool start a thread for it
            }
            return super.offer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
