package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link RequestParser} with raw bytes, read as one or more pipelined request heads. Properties:
 * <ul>
 *   <li>the parser fails only with an {@link HttpException} whose status is 4xx or 5xx;</li>
 *   <li>the bytes fed in small pieces give the same heads and the same failure as the bytes fed whole;</li>
 *   <li>a parsed head, written out again, parses to the same head: method, target, version, and every header field
 *       name and value in order.</li>
 * </ul>
 * Small limits, so that the 414 and 431 paths are reached by inputs of fuzzer size.
 */
class RequestParserFuzzTest {
    static final HttpLimits LIMITS = new HttpLimits(512, 2048, 24, 1 << 20, 256, -1, -1);
    private static final int MAX_HEADS = 8;

    /** What parsing one head came to: a head (as plain values, the parser's storage is reused) or a failure. */
    record Outcome(String method, String target, HttpVersion version, List<String> fields, RequestHead.Framing framing,
                   long contentLength, int status) {

        static Outcome of(RequestHead head) {
            List<String> fields = new ArrayList<>(head.headers().size());
            for (int i = 0; i < head.headers().size(); i++) {
                fields.add(head.headers().name(i) + ": " + head.headers().value(i));
            }
            return new Outcome(head.method(), head.target(), head.version(), fields, head.framing(),
                    head.contentLength(), 0);
        }

        static Outcome failed(int status) {
            return new Outcome(null, null, null, List.of(), null, -1, status);
        }

        static final Outcome INCOMPLETE = failed(-1);

        boolean isHead() {
            return method != null;
        }

        /** The head as a client would send it: request line, one line per field, the empty line. */
        byte[] serialize() {
            StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(' ')
                    .append(version.text()).append("\r\n");
            for (String field : fields) {
                int colon = field.indexOf(": ");
                // No space after the colon: never longer than what was parsed, so it stays within the limits.
                sb.append(field, 0, colon).append(':').append(field, colon + 2, field.length()).append("\r\n");
            }
            return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    @FuzzTest
    void parseHead(byte[] wire) {
        List<Outcome> whole = parseAll(wire, wire.length);
        int step = 1 + (wire.length == 0 ? 0 : (wire[wire.length - 1] & 0x0f));
        assertEquals(whole, parseAll(wire, step), "the same bytes in pieces of " + step + " parse differently");
        for (Outcome head : whole) {
            if (head.isHead()) {
                byte[] again = head.serialize();
                List<Outcome> reparsed = parseAll(again, again.length);
                assertEquals(List.of(head), reparsed,
                        "a head written out again parses differently: " + new String(again, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * Parses heads one after another, feeding the parser {@code step} bytes at a time, skipping a Content-Length
     * body; stops at the first failure, at a chunked body, or when the bytes run out.
     */
    static List<Outcome> parseAll(byte[] wire, int step) {
        List<Outcome> outcomes = new ArrayList<>();
        RequestParser parser = new RequestParser(LIMITS);
        int pos = 0;
        try {
            while (outcomes.size() < MAX_HEADS) {
                while (!parser.isComplete() && pos < wire.length) {
                    int limit = Math.min(wire.length, pos + step);
                    int consumed = parser.parse(wire, pos, limit);
                    assertTrue(consumed >= pos && consumed <= limit, "consumed index out of the given range");
                    assertTrue(consumed == limit || parser.isComplete(), "stopped short of a complete head");
                    pos = consumed;
                }
                if (!parser.isComplete()) {
                    if (parser.isStarted()) {
                        outcomes.add(Outcome.INCOMPLETE);
                    }
                    return outcomes;
                }
                RequestHead head = parser.head();
                outcomes.add(Outcome.of(head));
                if (head.framing() == RequestHead.Framing.CHUNKED) {
                    return outcomes;
                }
                if (head.framing() == RequestHead.Framing.LENGTH) {
                    if (head.contentLength() > wire.length - pos) {
                        return outcomes;
                    }
                    pos += (int) head.contentLength();
                }
                parser.reset();
            }
        } catch (HttpException e) {
            assertTrue(e.status() >= 400 && e.status() <= 599, "status " + e.status() + " for " + e.getMessage());
            outcomes.add(Outcome.failed(e.status()));
        }
        return outcomes;
    }
}
