package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChunkedInputStreamTest {

    /** An input stream that hands out at most {@code step} bytes per read: the network splitting a message. */
    private static InputStream trickle(String s, int step) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static ChunkedInputStream chunked(String wire, int step, long maxBody) {
        return new ChunkedInputStream(new InputBuffer(trickle(wire, step), 64),
                new RequestParser(HttpLimits.defaults()), maxBody);
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesChunksExtensionsAndTrailersInAnySplit() throws IOException {
        String wire = "5;name=value;q=\"quoted ; x\"\r\nHello\r\n1 ; ext\r\n,\r\n00007\r\n world!\r\n0\r\n"
                + "X-Checksum: abc\r\nX-Other: 1\r\n\r\nNEXT";
        for (int step = 1; step <= wire.length(); step++) {
            InputBuffer buffer = new InputBuffer(trickle(wire, step), 64);
            ChunkedInputStream in = new ChunkedInputStream(buffer, new RequestParser(HttpLimits.defaults()), -1);
            assertEquals("Hello, world!", readAll(in));
            assertEquals("abc", in.trailers().get("x-checksum"));
            assertEquals(2, in.trailers().size());
            byte[] rest = new byte[4];
            for (int i = 0; i < 4; i++) {
                rest[i] = (byte) buffer.readByte();
            }
            assertArrayEquals("NEXT".getBytes(StandardCharsets.US_ASCII), rest, "bytes after the body stay unread");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "g\r\nx\r\n0\r\n\r\n",                 // not hex
        "\r\n0\r\n\r\n",                         // missing size
        "5\r\nHelloX\r\n0\r\n\r\n",              // data not followed by CRLF
        "5\nHello\r\n0\r\n\r\n",                 // bare LF after size
        "5\r\nHello\n0\r\n\r\n",                 // bare LF after data
        "5 \r\nHello\r\n0\r\n\r\n",              // whitespace without an extension
        "5;a\nb\r\nHello\r\n0\r\n\r\n",          // LF inside an extension
        "5;a\u0000\r\nHello\r\n0\r\n\r\n",       // NUL inside an extension
        "0\r\nX: a\nb\r\n\r\n",                  // bare LF in a trailer
        "0\r\n folded\r\n\r\n",                  // obs-fold in trailers
        "-5\r\nHello\r\n0\r\n\r\n",
        "5;a\rb\r\nHello\r\n0\r\n\r\n",          // lone CR inside an extension
        "5\r\r\nHello\r\n0\r\n\r\n",             // lone CR after the size
        "5 ;a \r\nHello\r\n0\r\n\r\n",            // whitespace before the CRLF
        "0x5\r\nHello\r\n0\r\n\r\n",
    })
    void malformedChunkingIs400(String wire) {
        HttpException e = assertThrows(HttpException.class, () -> readAll(chunked(wire, 3, -1)));
        assertEquals(400, e.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5;\r\nHello\r\n0\r\n\r\n",               // no name
        "5;=v\r\nHello\r\n0\r\n\r\n",             // no name before "="
        "5; ;a\r\nHello\r\n0\r\n\r\n",            // an empty element
        "5;a=\r\nHello\r\n0\r\n\r\n",             // no value after "="
        "5;a==b\r\nHello\r\n0\r\n\r\n",
        "5;a=b c\r\nHello\r\n0\r\n\r\n",          // two tokens
        "5;a(b\r\nHello\r\n0\r\n\r\n",            // not a tchar
        "5;a=b\"\r\nHello\r\n0\r\n\r\n",
        "5;a=\"x\"y\r\nHello\r\n0\r\n\r\n",        // text after the quoted string
        "1;ext=\"val\r\nx\r\n0\r\n\r\n",          // a quoted string never closed on its line
        "1;ext=\"v\\\r\nx\r\n0\r\n\r\n",           // a quoted-pair that escapes the CR
        "1;ext=\"v\u0001\"\r\nx\r\n0\r\n\r\n",     // a control inside the quoted string
        "5;a\u0080\r\nHello\r\n0\r\n\r\n",         // obs-text is not a tchar
    })
    void chunkExtensionOutsideItsGrammarIs400(String wire) {
        HttpException e = assertThrows(HttpException.class, () -> readAll(chunked(wire, 3, -1)));
        assertEquals(400, e.status());
    }

    @Test
    void acceptsEveryFormOfTheChunkExtensionGrammar() throws IOException {
        String wire = "5 ; a ; b = c\t;\td=\"q \\\" \\\\ ; x\u0080\"\r\nHello\r\n2;e=\"\"\r\n, \r\n0;last\r\n\r\n";
        for (int step = 1; step <= wire.length(); step++) {
            assertEquals("Hello, ", readAll(chunked(wire, step, -1)));
        }
    }

    @Test
    void chunkExtensionOverTheLimitIs400() throws IOException {
        int max = HttpLimits.DEFAULT_MAX_CHUNK_EXTENSION;
        String fits = ";e=" + "v".repeat(max - 3);
        assertEquals("x", readAll(chunked("1" + fits + "\r\nx\r\n0\r\n\r\n", 100, -1)));
        HttpException e = assertThrows(HttpException.class,
                () -> readAll(chunked("1" + fits + "v\r\nx\r\n0\r\n\r\n", 100, -1)));
        assertEquals(400, e.status());
    }

    @Test
    void chunkSizeOverflowIsRejected() {
        HttpException e = assertThrows(HttpException.class,
                () -> readAll(chunked("1ffffffffffffffff\r\nx\r\n0\r\n\r\n", 100, -1)));
        assertEquals(400, e.status());
        e = assertThrows(HttpException.class,
                () -> readAll(chunked("fffffffffffffffff\r\nx\r\n0\r\n\r\n", 100, -1)));
        assertEquals(400, e.status());
    }

    @Test
    void bodyOverTheLimitIs413() {
        HttpException e = assertThrows(HttpException.class,
                () -> readAll(chunked("6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n", 100, 10)));
        assertEquals(413, e.status());
    }

    @Test
    void endOfStreamInsideABodyIsAnError() {
        assertThrows(IOException.class, () -> readAll(chunked("5\r\nHel", 100, -1)));
    }
}
