package dev.portico.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The deadline of a connection's head or idle read, enforced by the server's watchdog instead of a socket timeout
 * (on a virtual thread a timed read costs a scheduler task per request). The reader and the watchdog each take the
 * read with one atomic step, so a cut belongs to exactly one read.
 */
final class ReadDeadline {
    /** The value once the watchdog has claimed the read under way as timed out. */
    private static final long CUT = Long.MIN_VALUE;

    /** System.nanoTime deadline of the read under way, 0 when none, or {@link #CUT}. */
    private final AtomicLong deadline = new AtomicLong();

    void readStarts(long deadlineNanos) {
        deadline.set(deadlineNanos);
    }

    /** Brings the deadline of the read under way forward (to {@code deadlineNanos}, if earlier). */
    void tighten(long deadlineNanos) {
        long current;
        do {
            current = deadline.get();
            if (current == 0 || current == CUT || current - deadlineNanos <= 0) {
                return;
            }
        } while (!deadline.compareAndSet(current, deadlineNanos));
    }

    /** @return true if the watchdog cut the read meanwhile: it timed out, even if bytes came in just in time */
    boolean readEndsCut() {
        return deadline.getAndSet(0) == CUT;
    }

    /** Called by the watchdog. @return true, once, when the read under way has passed its deadline */
    boolean claimExpired(long now) {
        long current = deadline.get();
        return current != 0 && current != CUT && now - current > 0 && deadline.compareAndSet(current, CUT);
    }
}
