package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.tests.RawHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --static, --reload, --access-log, --trace and SIGTERM, through the real launcher process. */
class CliLifecycleTest {
    @TempDir
    Path dir;
    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    private Path publicDir() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site/public"));
        Files.writeString(site.resolve("index.html"), "static index");
        Files.writeString(dir.resolve("site/secret.txt"), "TOP-SECRET");
        return site;
    }

    @Test
    void staticAloneServesTheDirectoryAndRefusesTraversal() throws Exception {
        portico = PorticoProcess.start("--port", "0", "--static", publicDir().toString());
        URI base = portico.awaitStarted();
        assertEquals("static index", Http.body(base, "/index.html"));
        for (String target : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                "/..%2fsecret.txt", "/..%2Fsecret.txt", "/.%2e/secret.txt", "/a/../../secret.txt",
                "/..\\secret.txt", "/%2e%2e%5csecret.txt", "/..;/secret.txt", "/%252e%252e/secret.txt")) {
            RawHttp.Response response = Http.raw(base, target);
            assertTrue(response.status >= 400 && response.status < 500, target + " → " + response.statusLine);
            assertFalse(response.text().contains("TOP-SECRET"), target + " leaked the file");
        }
    }

    @Test
    void staticHidesDotfilesUnlessStaticDotfilesIsGiven() throws Exception {
        Path site = publicDir();
        Files.writeString(site.resolve(".env"), "TOP-SECRET");
        portico = PorticoProcess.start("--port", "0", "--static", site.toString());
        assertEquals(404, Http.get(portico.awaitStarted(), "/.env").statusCode());
        portico.kill();
        portico = PorticoProcess.start("--port", "0", "--static", site.toString(), "--static-dotfiles");
        assertEquals("TOP-SECRET", Http.body(portico.awaitStarted(), "/.env"));
    }

    @Test
    void staticWithAnAppServesFilesBesideTheAppsServlets() throws Exception {
        portico = PorticoProcess.start("--port", "0", "--static", publicDir().toString(),
                FixtureApps.get().annotatedJar.toString());
        URI base = portico.awaitStarted();
        assertEquals("annotated, filtered", Http.body(base, "/annotated"));
        assertEquals("static index", Http.body(base, "/index.html"));
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishAndExitsZero() throws Exception {
        portico = PorticoProcess.start("--port", "0", FixtureApps.get().formsJar + ":fx.Slow");
        URI base = portico.awaitStarted();
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return Http.get(base, "/");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        portico.awaitOut("slow request started"::equals, Duration.ofSeconds(10));
        portico.terminate();
        HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("slow done", response.body());
        assertEquals(0, portico.awaitExit(Duration.ofSeconds(20)), portico.transcript());
        assertTrue(portico.out().contains("slow destroyed"), "destroy() was called\n" + portico.transcript());
    }

    /** What a load balancer sees: on SIGTERM the health report turns 503 while the app is still served. */
    @Test
    void sigtermTurnsTheHealthReportTo503ForTheDrainTimeWhileTheAppIsStillServed() throws Exception {
        portico = PorticoProcess.start("--port", "0", "--health", "/healthz", "--drain", "3s",
                FixtureApps.get().formsJar + ":fx.Hello");
        URI base = portico.awaitStarted();
        HttpResponse<String> serving = Http.get(base, "/healthz");
        assertEquals(200, serving.statusCode());
        assertTrue(serving.body().startsWith("{\"status\":\"serving\""), serving.body());
        portico.terminate();
        HttpResponse<String> stopping = Http.get(base, "/healthz");
        for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                stopping.statusCode() != 503 && System.nanoTime() < end; Thread.sleep(20)) {
            stopping = Http.get(base, "/healthz");
        }
        assertEquals(503, stopping.statusCode(), "the health report turns 503 on SIGTERM");
        assertTrue(stopping.body().startsWith("{\"status\":\"stopping\""), stopping.body());
        assertEquals(200, Http.get(base, "/").statusCode(), "the app is still served while draining");
        assertEquals(0, portico.awaitExit(Duration.ofSeconds(20)), portico.transcript());
    }

    @Test
    void unpackedWarsAndReloadCopiesAreRemovedOnExit() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        portico = PorticoProcess.startWithTmpDir(tmp, "--port", "0", "--reload",
                FixtureApps.get().shopWarV1.toString());
        URI base = portico.awaitStarted();
        assertEquals("shop env=from-web-xml lib=v1 greeting=welcome", Http.body(base, "/shop/"));
        try (var files = Files.list(tmp)) {
            assertTrue(files.findAny().isPresent(), "the war is unpacked under java.io.tmpdir");
        }
        portico.terminate();
        assertEquals(0, portico.awaitExit(Duration.ofSeconds(20)), portico.transcript());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void reloadSwapsAJarUnderLoadWithoutAFailedRequest() throws Exception {
        FixtureApps apps = FixtureApps.get();
        Path app = Files.copy(apps.reloadV1, dir.resolve("app.jar"));
        portico = PorticoProcess.start("--port", "0", "--reload", app + ":rl.Version");
        URI base = portico.awaitStarted();
        assertEquals("v1", Http.body(base, "/"));

        AtomicBoolean running = new AtomicBoolean(true);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicLong afterSwap = new AtomicLong();
        List<Thread> load = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = Http.get(base, "/");
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                        seen.add(response.body());
                        if (response.body().equals("v2")) {
                            afterSwap.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            thread.start();
            load.add(thread);
        }
        try {
            replace(app, apps.reloadV2);
            portico.awaitOut(l -> l.startsWith("Reloaded / → "), Duration.ofSeconds(15));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (afterSwap.get() < 50 && failures.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join(15_000);
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(Set.of("v1", "v2"), seen);
        assertTrue(afterSwap.get() >= 50, "the new version served requests");
    }

    @Test
    void aBrokenNewVersionLeavesTheOldOneServing() throws Exception {
        FixtureApps apps = FixtureApps.get();
        Path app = Files.copy(apps.reloadV1, dir.resolve("app.jar"));
        portico = PorticoProcess.start("--port", "0", "--reload", app + ":rl.Version");
        URI base = portico.awaitStarted();
        replace(app, apps.reloadBroken);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (portico.err().stream().noneMatch(l -> l.contains("v3-broken refuses to start"))) {
            assertTrue(System.nanoTime() < deadline, "the failed reload is reported\n" + portico.transcript());
            Thread.sleep(20);
        }
        assertEquals("v1", Http.body(base, "/"));
        replace(app, apps.reloadV2);
        portico.awaitOut(l -> l.startsWith("Reloaded / → "), Duration.ofSeconds(15));
        assertEquals("v2", Http.body(base, "/"));
    }

    @Test
    void accessLogWritesOneCombinedLineperRequest() throws Exception {
        Path log = dir.resolve("access.log");
        portico = PorticoProcess.start("--port", "0", "--access-log", log.toString(),
                FixtureApps.get().annotatedJar.toString());
        URI base = portico.awaitStarted();
        assertEquals("annotated, filtered", Http.body(base, "/annotated"));
        assertEquals(404, Http.get(base, "/missing?x=1").statusCode());
        portico.terminate();
        assertEquals(0, portico.awaitExit(Duration.ofSeconds(20)), portico.transcript());
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), String.join("\n", lines));
        String date = "\\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\]";
        assertTrue(lines.get(0).matches("127\\.0\\.0\\.1 - - " + date
                + " \"GET /annotated HTTP/1\\.1\" 200 19 \"-\" \"portico-cli-test\""), lines.get(0));
        assertTrue(lines.get(1).matches("127\\.0\\.0\\.1 - - " + date
                + " \"GET /missing\\?x=1 HTTP/1\\.1\" 404 (\\d+|-) \"-\" \"portico-cli-test\""), lines.get(1));
    }

    @Test
    void traceLogsTheRawRequestHead() throws Exception {
        portico = PorticoProcess.start("--port", "0", "--trace", FixtureApps.get().formsJar + ":fx.Hello");
        URI base = portico.awaitStarted();
        Http.body(base, "/traced?q=1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (portico.err().stream().noneMatch(l -> l.contains("dev.portico.trace") && l.contains("/traced?q=1"))) {
            assertTrue(System.nanoTime() < deadline, "no trace of the request\n" + portico.transcript());
            Thread.sleep(20);
        }
    }

    /** Swaps the file the way a build tool should: write beside it, then rename over it. */
    private static void replace(Path target, Path with) throws Exception {
        Path next = Files.copy(with, target.resolveSibling(target.getFileName() + ".next"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
