package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher under a low {@code ulimit -n}: running out of file descriptors, and getting them back. */
class AcceptFailureTest {
    @TempDir
    Path dir;
    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    /**
     * Once every descriptor is taken, {@code accept()} fails at once for as long as clients wait in the backlog; a
     * retry without a pause spins a core and writes a warning per try. It backs off and logs at most once a second,
     * and serves again once connections close.
     */
    @Test
    void runningOutOfFileDescriptorsBacksOffInsteadOfSpinning() throws Exception {
        Files.writeString(dir.resolve("index.html"), "ok");
        portico = PorticoProcess.startWithFileLimit(128, "--port", "0", "--static", dir.toString());
        URI base = portico.awaitStarted();
        List<Socket> clients = new ArrayList<>();
        try {
            // The kernel completes connections into the listen backlog whatever the server's descriptors.
            for (int i = 0; i < 400 && acceptFailures() == 0; i++) {
                clients.add(new Socket(base.getHost(), base.getPort()));
                if (i > 150) {
                    Thread.sleep(10);  // pacing only: gives the acceptor the chance to fail
                }
            }
            assertTrue(acceptFailures() > 0, "the server ran out of descriptors\n" + portico.transcript());
            Thread.sleep(1500);  // pacing only: out of descriptors for a while, with clients waiting in the backlog
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        try {
            assertEquals("ok", Http.body(base, "/index.html"), "served again once the clients are gone");
        } catch (IOException e) {
            throw new AssertionError("not served again\n" + portico.transcript(), e);
        }
        long warnings = acceptFailures();
        assertTrue(warnings <= 5, warnings + " accept warnings: one a second at most\n" + portico.transcript());
    }

    private long acceptFailures() {
        return portico.err().stream().filter(line -> line.contains("accept failed")).count();
    }
}
