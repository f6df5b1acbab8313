package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --gzip and its options through the real launcher, with curl as the client that decodes. */
class CliGzipTest {
    private static final String PAGE = "<p>a page that compresses well</p>\n".repeat(500);

    @TempDir
    Path dir;
    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    @Test
    void gzipCompressesForCurl() throws Exception {
        URI base = serve("--gzip");
        Curl curl = curl(base, "--compressed");
        assertTrue(curl.head.contains("content-encoding: gzip"), curl.head);
        assertTrue(curl.head.contains("vary: accept-encoding"), curl.head);
        assertEquals(PAGE, curl.body);
    }

    @Test
    void withoutGzipTheResponseIsIdentity() throws Exception {
        URI base = serve();
        Curl curl = curl(base, "--compressed");
        assertFalse(curl.head.contains("content-encoding"), curl.head);
        assertFalse(curl.head.contains("vary"), curl.head);
        assertEquals(PAGE, curl.body);
    }

    @Test
    void typesOptionDecidesWhatIsCompressed() throws Exception {
        URI base = serve("--gzip", "--gzip-types", "application/json");
        Curl curl = curl(base, "--compressed");
        assertFalse(curl.head.contains("content-encoding"), curl.head);
        assertEquals(PAGE, curl.body);
    }

    @Test
    void badTypeIsOneLineAndExitTwo() throws Exception {
        portico = PorticoProcess.start("--port", "0", "--gzip", "--gzip-types", "html", "--static", dir.toString());
        assertEquals(2, portico.awaitExit(PorticoProcess.STARTUP), portico.transcript());
        assertEquals(List.of("portico: error: --gzip-types: not a media type, type/* or type/*+suffix: 'html'"),
                portico.err());
    }

    private URI serve(String... options) throws Exception {
        Files.writeString(dir.resolve("index.html"), PAGE);
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--static", dir.toString()));
        args.addAll(List.of(options));
        portico = PorticoProcess.start(args.toArray(String[]::new));
        return portico.awaitStarted();
    }

    private record Curl(String head, String body) {
    }

    /** curl, which must be installed (CI has it): its response head in lower case, and the body it decoded. */
    private Curl curl(URI base, String... options) throws IOException, InterruptedException {
        Path head = dir.resolve("head.txt");
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "-D", head.toString()));
        command.addAll(List.of(options));
        command.add(base.resolve("/index.html").toString());
        Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        assertEquals(0, curl.exitValue(), "curl failed");
        return new Curl(Files.readString(head).toLowerCase(Locale.ROOT), body);
    }
}
