package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloaderTest {
    @TempDir
    static Path dir;
    static Path v1;
    static Path v2;

    /** What the host was given, and the outcomes the reloader reported. */
    private final List<WebAppSpec> deployed = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private Reloader reloader;

    @BeforeAll
    static void build() throws IOException {
        String source = """
                package app;
                public class Hello extends jakarta.servlet.http.HttpServlet {
                    public String toString() { return "%s"; }
                }
                """;
        v1 = Fixtures.zip(dir.resolve("v1.jar"), Map.of("", Fixtures.compile(dir.resolve("c1"),
                Map.of("app/Hello.java", source.formatted("v1")))));
        v2 = Fixtures.zip(dir.resolve("v2.jar"), Map.of("", Fixtures.compile(dir.resolve("c2"),
                Map.of("app/Hello.java", source.formatted("version-two")))));
    }

    @AfterEach
    void stop() {
        if (reloader != null) {
            reloader.close();
            reloader.current().forEach(Deployment::close);
        }
    }

    private Deployment start(Path location, Reloader.Host host) throws Exception {
        Deployer deployer = new Deployer(getClass().getClassLoader(), true);
        Deployment first = deployer.deploy(AppSource.of("", location, "app.Hello"));
        reloader = new Reloader(deployer, host, Duration.ofMillis(50), new Reloader.Listener() {
            @Override
            public void reloaded(Deployment deployment) {
                outcomes.add(deployment);
            }

            @Override
            public void failed(AppSource source, Exception cause) {
                outcomes.add(cause);
            }
        });
        reloader.watch(first);
        reloader.start();
        return first;
    }

    private static void replace(Path target, Path with) throws IOException {
        Path next = Files.copy(with, target.resolveSibling(target.getFileName() + ".tmp"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String hello(ClassLoader loader) throws Exception {
        return loader.loadClass("app.Hello").getConstructor().newInstance().toString();
    }

    @Test
    void aReplacedJarIsDeployedWithANewLoaderAndTheOldOneReleased() throws Exception {
        Path app = Files.copy(v1, dir.resolve("swap.jar"), StandardCopyOption.REPLACE_EXISTING);
        Deployment first = start(app, deployed::add);
        replace(app, v2);
        Object outcome = outcomes.poll(10, TimeUnit.SECONDS);
        Deployment second = assertInstanceOf(Deployment.class, outcome);
        assertEquals(1, deployed.size());
        assertSame(second.spec(), deployed.get(0));
        assertEquals("version-two", hello(second.classLoader()));
        assertNull(first.classLoader(), "the old version is closed");
        assertEquals(List.of(second), reloader.current());
    }

    @Test
    void aBrokenJarLeavesTheRunningVersion() throws Exception {
        Path app = Files.copy(v1, dir.resolve("broken.jar"), StandardCopyOption.REPLACE_EXISTING);
        Deployment first = start(app, deployed::add);
        Path garbage = Files.writeString(dir.resolve("garbage"), "this is not a zip");
        replace(app, garbage);
        assertInstanceOf(DeploymentException.class, outcomes.poll(10, TimeUnit.SECONDS));
        assertTrue(deployed.isEmpty());
        assertEquals(List.of(first), reloader.current());
        assertEquals("v1", hello(first.classLoader()));
        // Fixed again: the next good version goes in.
        replace(app, v2);
        assertInstanceOf(Deployment.class, outcomes.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aVersionTheHostRejectsIsClosedAndTheRunningOneStays() throws Exception {
        Path app = Files.copy(v1, dir.resolve("rejected.jar"), StandardCopyOption.REPLACE_EXISTING);
        List<ClassLoader> offered = new CopyOnWriteArrayList<>();
        Deployment first = start(app, spec -> {
            offered.add(spec.classLoader());
            throw new IllegalStateException("init failed");
        });
        replace(app, v2);
        Exception failure = assertInstanceOf(IllegalStateException.class, outcomes.poll(10, TimeUnit.SECONDS));
        assertEquals("init failed", failure.getMessage());
        assertEquals(List.of(first), reloader.current());
        assertEquals(1, offered.size());
        assertNotSame(first.classLoader(), offered.get(0));
        assertNull(offered.get(0).getResource("app/Hello.class"), "the rejected version's loader is closed");
    }

    @Test
    void theOldLoaderIsCollectedAfterAReload() throws Exception {
        Path app = Files.copy(v1, dir.resolve("collect.jar"), StandardCopyOption.REPLACE_EXISTING);
        Deployment first = start(app, spec -> { });
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(first.classLoader());
        WeakReference<Class<?>> oldClass = new WeakReference<>(first.classLoader().loadClass("app.Hello"));
        first = null;
        replace(app, v2);
        assertInstanceOf(Deployment.class, outcomes.poll(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (oldLoader.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(oldLoader.get(), "the replaced version's class loader is garbage");
        assertNull(oldClass.get());
    }

    @Test
    void fingerprintSeesAReplacementOfTheSameSize() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jar"), "aaaa");
        Object before = Reloader.fingerprint(AppSource.of("", a, null));
        replace(a, Files.writeString(dir.resolve("b"), "bbbb"));
        assertTrue(!before.equals(Reloader.fingerprint(AppSource.of("", a, null))));
    }

    private static <T> T assertInstanceOf(Class<T> type, Object value) {
        assertTrue(type.isInstance(value), "expected a " + type.getSimpleName() + " but got " + value);
        return type.cast(value);
    }
}
