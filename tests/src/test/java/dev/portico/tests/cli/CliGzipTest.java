package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
        assertCurlGets(serve("--gzip"), true);
    }

    @Test
    void withoutGzipTheResponseIsIdentity() throws Exception {
        assertCurlGets(serve(), false);
    }

    @Test
    void typesOptionDecidesWhatIsCompressed() throws Exception {
        assertCurlGets(serve("--gzip", "--gzip-types", "application/json"), false);
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
        List<String> args = new ArrayList<>(List.of("--port", "0", "--static", dir.toString()));
        args.addAll(List.of(options));
        portico = PorticoProcess.start(args.toArray(String[]::new));
        return portico.awaitStarted();
    }

    /**
     * Runs {@code curl --compressed} (it must be installed; CI has it) and checks what it decoded, and whether the
     * response head said gzip and Vary.
     */
    private void assertCurlGets(URI base, boolean compressed) throws IOException, InterruptedException {
        Path headFile = dir.resolve("head.txt");
        Process curl = new ProcessBuilder("curl", "-sS", "--compressed", "-D", headFile.toString(),
                base.resolve("/index.html").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(20, TimeUnit.SECONDS), "curl hangs");
        assertEquals(0, curl.exitValue(), "curl failed");
        String head = Files.readString(headFile).toLowerCase(Locale.ROOT);
        assertEquals(compressed, head.contains("content-encoding: gzip"), head);
        assertEquals(compressed, head.contains("vary: accept-encoding"), head);
        assertEquals(PAGE, body);
    }
}
