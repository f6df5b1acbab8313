package dev.portico.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptBackoffTest {
    private static final long MS = 1_000_000;

    @Test
    void failedAcceptsWaitFiftyMillisecondsDoublingUpToOneSecond() {
        AcceptBackoff backoff = new AcceptBackoff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(backoff.failed());
        }
        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1000L, 1000L, 1000L), delays);
    }

    @Test
    void anAcceptThatSucceedsStartsTheBackoffAgain() {
        AcceptBackoff backoff = new AcceptBackoff();
        backoff.failed();
        backoff.failed();
        backoff.succeeded();
        assertEquals(50L, backoff.failed());
    }

    @Test
    void failuresAreLoggedAtMostOnceASecondWithHowManyTheLineSpeaksFor() {
        AcceptBackoff backoff = new AcceptBackoff();
        long now = 5_000 * MS;
        backoff.failed();
        assertEquals(1, backoff.failuresToLog(now), "the first failure is logged at once");
        for (int i = 1; i <= 9; i++) {
            backoff.failed();
            assertEquals(0, backoff.failuresToLog(now + i * 100 * MS), "not within the second");
        }
        backoff.failed();
        assertEquals(10, backoff.failuresToLog(now + 1000 * MS), "a second later, for the ten since");
    }
}
