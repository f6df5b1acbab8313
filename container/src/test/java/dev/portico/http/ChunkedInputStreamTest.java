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
        "0x5\r\nHello\r\n0\r\n\r\n",
    })
    void malformedChunkingIs400(String wire) {
        HttpException e = assertThrows(HttpException.class, () -> readAll(chunked(wire, 3, -1)));
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
