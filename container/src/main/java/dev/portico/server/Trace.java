package dev.portico.server;

import dev.portico.http.RequestHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code --trace} log: every request head and response head, tagged {@code [connection#request]}. */
final class Trace {
    private static final Logger trace = LoggerFactory.getLogger("dev.portico.trace");

    private Trace() {
    }

    static void request(String connectionId, long number, RequestHead head) {
        if (trace.isDebugEnabled()) {
            trace.debug("[{}#{}] → {}\n{}", connectionId, number, head, head.headers());
        }
    }

    static void response(Exchange exchange) {
        if (trace.isDebugEnabled()) {
            trace.debug("[{}#{}] ← HTTP/1.1 {}\n{}", exchange.connectionId(), exchange.requestNumber(),
                    exchange.status(), exchange.responseHeaders());
        }
    }
}
