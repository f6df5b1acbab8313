package dev.portico.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void poolThreadsEndOnceIdleForTheirKeepAlive() throws InterruptedException {
        ThreadPoolExecutor pool = Workers.pool(4, Duration.ofMillis(50));
        try {
            CountDownLatch started = new CountDownLatch(4);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    started.countDown();
                    awaitQuietly(release);
                });
            }
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertEquals(4, pool.getPoolSize());
            release.countDown();
            // liveness, not timing: the idle threads must end, however long the machine takes to get there
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pool.getPoolSize() > 0 && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
            assertEquals(0, pool.getPoolSize(), "idle pool threads still alive");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
