package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.deploy.AppSource;
import dev.portico.deploy.Deployer;
import dev.portico.deploy.Deployment;
import dev.portico.deploy.Reloader;
import dev.portico.server.ServerOptions;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-process, through the deploy API and {@link Portico}: after a reload nothing keeps the replaced version's class
 * loader reachable — not the server, the gateway, a worker thread's context loader, nor the reloader.
 */
class ReloadCollectionTest {
    @TempDir
    Path dir;

    @Test
    void theReplacedVersionsClassLoaderIsCollected() throws Exception {
        FixtureApps apps = FixtureApps.get();
        Path app = Files.copy(apps.reloadV1, dir.resolve("app.jar"));
        Deployer deployer = new Deployer(getClass().getClassLoader(), true);
        Deployment first = deployer.deploy(AppSource.of("", app, "rl.Version"));
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(first.classLoader());
        Portico portico = Portico.builder().options(ServerOptions.defaults().withPort(0)).context(first.spec())
                .build().start();
        BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
        Reloader reloader = new Reloader(deployer, portico::deploy, Duration.ofMillis(50), new Reloader.Listener() {
            @Override
            public void reloaded(Deployment deployment) {
                outcomes.add(deployment.description());
            }

            @Override
            public void failed(AppSource source, Exception cause) {
                outcomes.add(cause);
            }
        });
        try {
            URI base = URI.create("http://127.0.0.1:" + portico.port());
            assertEquals("v1", Http.body(base, "/"));
            reloader.watch(first);
            first = null;
            reloader.start();

            Path next = Files.copy(apps.reloadV2, dir.resolve("app.jar.next"));
            Files.move(next, app, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Object outcome = outcomes.poll(15, TimeUnit.SECONDS);
            assertTrue(outcome instanceof String, "reloaded: " + outcome);
            assertEquals("v2", Http.body(base, "/"));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (oldLoader.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertNull(oldLoader.get(), "the replaced version's class loader is still reachable");
        } finally {
            reloader.close();
            portico.stop();
            reloader.current().forEach(Deployment::close);
        }
    }
}
