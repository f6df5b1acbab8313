package dev.portico.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The minimum request-body rate (the Kestrel model), with the clock given explicitly. */
class BodyRateTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 7 * S;

    @Test
    void aSlowBodyIsCutOnlyOnceTheGracePeriodHasPassed() {
        BodyRate rate = new BodyRate(240, 5 * S);
        rate.readStarts(T0);
        assertFalse(rate.cutIfTooSlow(T0 + 4 * S), "nothing arrived, but still within the grace period");
        assertTrue(rate.cutIfTooSlow(T0 + 6 * S));
        assertFalse(rate.readEnds(T0 + 6 * S, 1), "the read that was cut reports it");
    }

    /** Checked while a read waits, so the bytes it will return are not counted yet: a margin above the minimum. */
    @Test
    void aBodyArrivingSteadilyAboveTheMinimumRateIsNotCut() {
        BodyRate rate = new BodyRate(240, 5 * S);
        long now = T0;
        for (int second = 0; second < 20; second++) {
            rate.readStarts(now);
            now += S;
            assertFalse(rate.cutIfTooSlow(now));
            assertTrue(rate.readEnds(now, 300));
        }
    }

    /** Time the application spends between reads is its own, not its client's. */
    @Test
    void onlyTimeSpentWaitingInReadsCounts() {
        BodyRate rate = new BodyRate(240, 5 * S);
        rate.readStarts(T0);
        assertTrue(rate.readEnds(T0 + S, 240));
        rate.readStarts(T0 + 60 * S);  // the application worked for a minute before reading on
        assertFalse(rate.cutIfTooSlow(T0 + 62 * S), "3 s waited in reads, within the grace period");
    }

    @Test
    void noReadUnderWayIsNeverCut() {
        BodyRate rate = new BodyRate(240, 5 * S);
        rate.readStarts(T0);
        rate.readEnds(T0 + 10 * S, 1);
        assertFalse(rate.cutIfTooSlow(T0 + 20 * S), "the application is not waiting for its client");
    }

    @Test
    void aZeroMinimumTurnsTheRuleOff() {
        BodyRate rate = new BodyRate(0, 5 * S);
        rate.readStarts(T0);
        assertFalse(rate.cutIfTooSlow(T0 + 3600 * S));
    }

    @Test
    void aBodyIsCutOnce() {
        BodyRate rate = new BodyRate(240, S);
        rate.readStarts(T0);
        assertTrue(rate.cutIfTooSlow(T0 + 2 * S));
        assertFalse(rate.cutIfTooSlow(T0 + 3 * S), "the watchdog cuts the input once");
    }
}
