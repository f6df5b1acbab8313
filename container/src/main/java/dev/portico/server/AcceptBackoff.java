package dev.portico.server;

import java.util.concurrent.TimeUnit;

/**
 * What the acceptor does after a failed {@code accept()}. The usual cause is running out of file descriptors
 * (EMFILE): the pending connection stays in the backlog, so retrying at once fails again at once — a busy loop that
 * burns a core and floods the log while the descriptors the retry needs can only come back from connections closing.
 * So: wait 50 ms, doubling up to 1 s, until an accept succeeds, and log at most once a second.
 */
final class AcceptBackoff {
    static final long FIRST_DELAY_MILLIS = 50;
    static final long MAX_DELAY_MILLIS = 1000;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private long delayMillis;
    private boolean logged;
    private long lastLogNanos;
    private int unlogged;

    /** Records a failure. @return how long to wait before the next accept, in milliseconds */
    long failed() {
        delayMillis = delayMillis == 0 ? FIRST_DELAY_MILLIS : Math.min(MAX_DELAY_MILLIS, delayMillis * 2);
        unlogged++;
        return delayMillis;
    }

    void succeeded() {
        delayMillis = 0;
    }

    /**
     * Whether the failure just recorded should be logged: the first one, then at most one a second.
     *
     * @return the number of failures the line speaks for (those not logged since the last line), or 0 for none
     */
    int failuresToLog(long nowNanos) {
        if (logged && nowNanos - lastLogNanos < LOG_INTERVAL_NANOS) {
            return 0;
        }
        logged = true;
        lastLogNanos = nowNanos;
        int count = unlogged;
        unlogged = 0;
        return count;
    }
}
