package dev.portico.server;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The minimum data rate of one request body (the Kestrel model): the clock runs only while the application waits in
 * a body read, so a slow application is never blamed on its client; once it has run for the grace period, the body
 * must have averaged the minimum rate over that time. Without it a client that sends a byte every few seconds keeps
 * its thread for good, since every byte restarts the idle timeout.
 *
 * <p>The reader thread calls {@link #readStarts} and {@link #readEnds}; the server's watchdog calls
 * {@link #cutIfTooSlow} and, when it returns true, cuts the read under way.
 */
final class BodyRate {
    private final double minBytesPerNano;
    private final long graceNanos;
    /** Start of the read under way (System.nanoTime), 0 when none. */
    private volatile long readSince;
    private volatile long waitedNanos;
    private volatile long bytes;
    private final AtomicBoolean cut = new AtomicBoolean();

    BodyRate(long minBytesPerSecond, long graceNanos) {
        this.minBytesPerNano = minBytesPerSecond / 1e9;
        this.graceNanos = graceNanos;
    }

    void readStarts(long now) {
        readSince = now == 0 ? 1 : now;
    }

    /** @return false if the watchdog cut the body meanwhile: what the read returned can no longer be trusted */
    boolean readEnds(long now, int n) {
        waitedNanos += now - readSince;
        readSince = 0;
        if (n > 0) {
            bytes += n;
        }
        return !cut.get();
    }

    /** True once, for the watchdog, when a read is under way and the body has arrived slower than the minimum. */
    boolean cutIfTooSlow(long now) {
        long since = readSince;
        if (since == 0 || minBytesPerNano == 0) {
            return false;
        }
        long waited = waitedNanos + (now - since);
        if (waited <= graceNanos || bytes >= minBytesPerNano * waited) {
            return false;
        }
        return cut.compareAndSet(false, true);
    }

    boolean isCut() {
        return cut.get();
    }

    /** The reason given with the 408. */
    String describe() {
        return "request body arrived slower than " + Math.round(minBytesPerNano * 1e9) + " bytes/s";
    }
}
