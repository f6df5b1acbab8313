package example.sleep;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts the requests inside the servlet. Each visit records how many were in (itself included) when it came and
 * the most it saw while it was in, exactly: every arrival updates every visit present, under one lock.
 */
final class InFlight {
    /** One request's stay. {@code maxInFlight} changes under the InFlight lock, and only while the visit is in. */
    static final class Visit {
        private final long number;
        private final int inFlightAtStart;
        private final long finishedBeforeStart;
        private int maxInFlight;

        private Visit(long number, int inFlightAtStart, long finishedBeforeStart) {
            this.number = number;
            this.inFlightAtStart = inFlightAtStart;
            this.finishedBeforeStart = finishedBeforeStart;
            this.maxInFlight = inFlightAtStart;
        }

        long number() {
            return number;
        }

        int inFlightAtStart() {
            return inFlightAtStart;
        }

        long finishedBeforeStart() {
            return finishedBeforeStart;
        }

        int maxInFlight() {
            return maxInFlight;
        }
    }

    private final Set<Visit> present = new HashSet<>();
    private long arrived;
    private long finished;

    synchronized Visit enter() {
        Visit visit = new Visit(++arrived, present.size() + 1, finished);
        present.add(visit);
        for (Visit other : present) {
            other.maxInFlight = Math.max(other.maxInFlight, present.size());
        }
        notifyAll();
        return visit;
    }

    synchronized void leave(Visit visit) {
        present.remove(visit);
        finished++;
        notifyAll();
    }

    /**
     * Waits {@code ms} milliseconds, or less if {@code until > 0} and this visit has seen that many requests in
     * flight at once; true if it woke early for that reason. (Its own high-water mark, not the current count: the
     * partner that woke it may already have left.)
     */
    synchronized boolean await(Visit visit, long ms, int until) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        for (;;) {
            if (until > 0 && visit.maxInFlight >= until) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }
}
