package dev.portico.server;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Who carries on with the connection after a suspended exchange (an async servlet): the handler's thread returning,
 * or the thread that completes the response. Whichever comes second does; one atomic step each decides it.
 */
final class Suspension {
    private enum Handoff { DISPATCHED, SUSPENDED, HANDLER_RETURNED, COMPLETED }

    private final AtomicReference<Handoff> handoff = new AtomicReference<>(Handoff.DISPATCHED);

    void suspend() {
        handoff.compareAndSet(Handoff.DISPATCHED, Handoff.SUSPENDED);
    }

    boolean isSuspended() {
        return handoff.get() != Handoff.DISPATCHED;
    }

    /** The handler returned. @return true if the response had ended already: the handler's thread carries on */
    boolean handlerReturned() {
        return handoff.getAndUpdate(h -> h == Handoff.SUSPENDED ? Handoff.HANDLER_RETURNED : h) == Handoff.COMPLETED;
    }

    /** The response ended. @return true if the handler had returned already: this thread resumes the connection */
    boolean responseEnded() {
        return handoff.getAndUpdate(h -> h == Handoff.SUSPENDED || h == Handoff.HANDLER_RETURNED
                ? Handoff.COMPLETED : h) == Handoff.HANDLER_RETURNED;
    }
}
