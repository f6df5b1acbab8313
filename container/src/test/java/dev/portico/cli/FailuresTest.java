package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void portInUseNamesThePortAndTheWayOut() {
        Exception e = new IOException("start failed", new BindException("Address already in use"));
        assertEquals("port 8080 on 127.0.0.1 is already in use (choose another --port, or --port 0 for any free"
                + " port)", Failures.describe(e, "127.0.0.1", 8080));
    }

    @Test
    void appFailureShowsEachCauseOnce() {
        Exception root = new IllegalArgumentException("no database at db:5432");
        Exception wrapped = new RuntimeException("cannot start /shop", new IOException("init failed", root));
        assertEquals("cannot start /shop: IOException: init failed: IllegalArgumentException: no database at"
                + " db:5432", Failures.describe(wrapped, "127.0.0.1", 8080));
        // A wrapper whose message is its cause's toString() adds nothing.
        assertEquals("IllegalArgumentException: no database at db:5432",
                Failures.chain(new RuntimeException(root)));
    }
}
