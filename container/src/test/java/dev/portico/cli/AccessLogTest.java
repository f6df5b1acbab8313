package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void combinedLogFormat() {
        ZonedDateTime time = ZonedDateTime.of(2025, 10, 10, 13, 55, 36, 0, ZoneOffset.ofHours(2));
        assertEquals("127.0.0.1 - - [10/Oct/2025:13:55:36 +0200] \"GET /a?b=1 HTTP/1.1\" 200 2326 "
                        + "\"http://example.com/\" \"curl/8.5.0\"",
                AccessLog.format("127.0.0.1", time, "GET /a?b=1 HTTP/1.1", 200, 2326, "http://example.com/",
                        "curl/8.5.0"));
    }

    @Test
    void emptyBodyAndMissingHeadersAreDashes() {
        ZonedDateTime time = ZonedDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        assertEquals("::1 - - [02/Jan/2025:03:04:05 +0000] \"HEAD / HTTP/1.0\" 304 - \"-\" \"-\"",
                AccessLog.format("::1", time, "HEAD / HTTP/1.0", 304, 0, null, null));
    }

    @Test
    void quotesAndControlCharactersCannotForgeALine() {
        ZonedDateTime time = ZonedDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        String line = AccessLog.format("10.0.0.1", time, "GET / HTTP/1.1", 200, 1, "a\"b\\c",
                "evil\n10.0.0.2 - - [fake]");
        assertEquals("10.0.0.1 - - [02/Jan/2025:03:04:05 +0000] \"GET / HTTP/1.1\" 200 1 \"a\\\"b\\\\c\" "
                + "\"evil\\x0a10.0.0.2 - - [fake]\"", line);
    }

    @Test
    void everyByteOutsidePrintableAsciiIsEscapedAsHex() {
        ZonedDateTime time = ZonedDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        // As the parser hands them over: one char per wire byte (ISO-8859-1). CSI (0x9b), NEL (0x85), DEL, and the
        // UTF-8 bytes of "é" (c3 a9); a char beyond 0xff (not from the wire) is written as its UTF-8 bytes.
        String line = AccessLog.format("10.0.0.1", time, "GET /\u00c3\u00a9 HTTP/1.1", 200, 1, "x\u009b2Jy",
                "a\u0085b\u007fc\u20ac");
        assertEquals("10.0.0.1 - - [02/Jan/2025:03:04:05 +0000] \"GET /\\xc3\\xa9 HTTP/1.1\" 200 1 "
                + "\"x\\x9b2Jy\" \"a\\x85b\\x7fc\\xe2\\x82\\xac\"", line);
    }

    @Test
    void linesAreWrittenInOrderByTheBackgroundWriterAndFlushedOnClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = new AccessLog(out, true, ZoneId.of("UTC"));
        Instant t = Instant.parse("2025-01-02T03:04:05Z");
        for (int i = 0; i < 100; i++) {
            log.log("127.0.0.1", t, "GET /" + i + " HTTP/1.1", 200, i, null, "test");
        }
        log.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(100, lines.size());
        assertEquals("127.0.0.1 - - [02/Jan/2025:03:04:05 +0000] \"GET /99 HTTP/1.1\" 200 99 \"-\" \"test\"",
                lines.get(99));
    }
}
