package dev.portico.servlet.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
    private static final Instant MODIFIED = Instant.parse("2024-03-05T10:15:30Z");
    private static final String MODIFIED_HTTP = "Tue, 05 Mar 2024 10:15:30 GMT";

    @Test
    void httpDateHeadersAreReadInSeconds() {
        assertEquals(MODIFIED.getEpochSecond(), Preconditions.seconds(MODIFIED_HTTP));
        assertEquals(-1, Preconditions.seconds("Mon, 05 Mar 2024 10:15:30 GMT"), "wrong weekday");
        assertEquals(-1, Preconditions.seconds("2024-03-05T10:15:30Z"));
        assertEquals(-1, Preconditions.seconds(null));
    }
}
