package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link ChunkedInputStream} with a chunked body (chunks, extensions, trailer section), through a small
 * connection buffer and a stream that splits the bytes. Two runs per input:
 * <ol>
 *   <li>The bytes as they are. The decoder fails only with an {@link HttpException} (4xx/5xx) or, when the bytes
 *       run out, an {@link EOFException}; it never yields more bytes than the chunk sizes on the wire declare; when
 *       it succeeds it yields exactly the declared bytes and leaves every byte after the body (a pipelined request)
 *       unread.</li>
 *   <li>A well-formed body built from what the bytes hold (sizes set to the data that is there, extensions and
 *       trailer fields reduced to their grammar, RFC 9112 §7.1): the decoder must accept it and yield exactly its
 *       data and its trailer fields, and leave the request that follows it unread.</li>
 * </ol>
 */
class ChunkedInputStreamFuzzTest {
    private static final long MAX_BODY = 8192;
    private static final byte[] NEXT_REQUEST = "GET /next HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);

    @FuzzTest
    void decodeChunkedBody(byte[] wire) throws IOException {
        Declared declared = Declared.scan(wire);
        int step = 1 + Math.floorMod(java.util.Arrays.hashCode(wire), 13);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Connection connection = new Connection(wire, step);
        ChunkedInputStream body = connection.decoder(MAX_BODY);
        boolean finished = false;
        try {
            readAll(body, out, step);
            finished = true;
        } catch (HttpException e) {
            assertTrue(e.status() >= 400 && e.status() <= 599, "status " + e.status() + " for " + e.getMessage());
        } catch (EOFException e) {
            // the body ended early: the connection closing mid-body
        }
        assertTrue(out.size() <= declared.total(), "yielded " + out.size() + " bytes, the sizes declare " + declared.total());
        assertTrue(out.size() <= MAX_BODY, "yielded more than the body limit");
        if (finished) {
            assertTrue(body.isFinished());
            assertArrayEquals(declared.data(), out.toByteArray(), "a decoded body differs from the declared chunks");
            assertTrue(declared.end() >= 0, "a body without its last chunk and trailer section was accepted");
            assertArrayEquals(java.util.Arrays.copyOfRange(wire, declared.end(), wire.length), connection.unread(),
                    "the bytes after the body");
        }

        Rebuilt rebuilt = Rebuilt.from(declared);
        Connection next = new Connection(concat(rebuilt.wire(), NEXT_REQUEST), step);
        ChunkedInputStream wellFormed = next.decoder(-1);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try {
            readAll(wellFormed, data, step);
        } catch (HttpException e) {
            fail("a well-formed chunked body was refused (" + e.status() + " " + e.getMessage() + "): "
                    + new String(rebuilt.wire(), StandardCharsets.ISO_8859_1));
        }
        assertArrayEquals(rebuilt.data(), data.toByteArray(), "decoded data of a well-formed body");
        List<String> trailers = new ArrayList<>();
        for (int i = 0; i < wellFormed.trailers().size(); i++) {
            trailers.add(wellFormed.trailers().name(i) + ": " + wellFormed.trailers().value(i));
        }
        assertEquals(rebuilt.trailers(), trailers, "trailer fields of a well-formed body");
        assertArrayEquals(NEXT_REQUEST, next.unread(), "the request after a well-formed body");
    }

    /** The wire as a connection reads it: delivered in pieces of {@code step} bytes into a small buffer. */
    private static final class Connection {
        private final InputStream network;
        private final InputBuffer buffer;

        Connection(byte[] wire, int step) {
            network = new ByteArrayInputStream(wire) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, step));
                }
            };
            buffer = new InputBuffer(network, 64);
        }

        ChunkedInputStream decoder(long maxBody) {
            return new ChunkedInputStream(buffer, new RequestParser(HttpLimits.defaults()), maxBody);
        }

        /** What the next request on the connection would read: the buffer's rest, then the network's. */
        byte[] unread() throws IOException {
            byte[] buffered = java.util.Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
            return concat(buffered, network.readAllBytes());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void readAll(ChunkedInputStream in, ByteArrayOutputStream out, int step) throws IOException {
        byte[] buf = new byte[97];
        for (int i = 0; ; i++) {
            if (i % 5 == 0) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                out.write(b);
            } else {
                int n = in.read(buf, i % 3, 1 + (i * step) % 90);
                if (n < 0) {
                    return;
                }
                assertTrue(n > 0, "read returned 0 for a non-empty request");
                out.write(buf, i % 3, n);
            }
        }
    }

    /** One chunk as the bytes declare it: its size line's digits and extension, and the data that is there. */
    record Chunk(String digits, long size, String extension, byte[] data) {
    }

    /**
     * What a body declares, read leniently: each size line's hex digits (to the first CR), then that many bytes
     * of data and two bytes of CRLF, until a zero size; then the trailer lines up to an empty line. This is not a
     * parser, only the reading that a strict decoder must agree with when it accepts the body.
     */
    record Declared(List<Chunk> chunks, List<String> trailerLines, long total, byte[] data, int end) {
        static Declared scan(byte[] wire) {
            List<Chunk> chunks = new ArrayList<>();
            List<String> trailers = new ArrayList<>();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            long total = 0;
            int pos = 0;
            int end = -1;
            while (pos < wire.length) {
                int start = pos;
                long size = 0;
                while (pos < wire.length && Character.digit(wire[pos], 16) >= 0) {
                    size = Math.min(Long.MAX_VALUE >> 5, size * 16 + Character.digit(wire[pos], 16));
                    pos++;
                }
                String digits = new String(wire, start, pos - start, StandardCharsets.ISO_8859_1);
                int cr = indexOf(wire, (byte) '\r', pos);
                int lineEnd = cr < 0 ? wire.length : cr;
                String extension = new String(wire, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
                pos = Math.min(wire.length, lineEnd + 2);
                total = Math.min(Long.MAX_VALUE >> 4, total + size);
                if (size == 0) {
                    if (!digits.isEmpty()) {
                        end = readTrailerLines(wire, pos, trailers);
                    }
                    break;
                }
                int available = (int) Math.min(size, wire.length - pos);
                byte[] chunkData = java.util.Arrays.copyOfRange(wire, pos, pos + available);
                data.writeBytes(chunkData);
                chunks.add(new Chunk(digits, size, extension, chunkData));
                pos = (int) Math.min(wire.length, (long) pos + available + 2);
            }
            return new Declared(chunks, trailers, total, data.toByteArray(), end);
        }

        /** @return where the body ends (after the empty line), or -1 when the bytes end first */
        private static int readTrailerLines(byte[] wire, int pos, List<String> trailers) {
            while (pos < wire.length) {
                int cr = indexOf(wire, (byte) '\r', pos);
                int end = cr < 0 ? wire.length : cr;
                if (end == pos) {
                    return pos + 2 <= wire.length ? pos + 2 : -1;
                }
                trailers.add(new String(wire, pos, end - pos, StandardCharsets.ISO_8859_1));
                pos = end + 2;
            }
            return -1;
        }
    }

    /** A well-formed body made of what a {@link Declared} holds, with the data and trailer fields it must decode to. */
    record Rebuilt(byte[] wire, byte[] data, List<String> trailers) {
        static Rebuilt from(Declared declared) {
            StringBuilder wire = new StringBuilder();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (Chunk chunk : declared.chunks()) {
                int length = chunk.data().length;
                if (length == 0) {
                    continue;   // a zero size would be the last chunk
                }
                String digits = chunk.size() == length && chunk.digits().length() <= 16 ? chunk.digits()
                        : Integer.toHexString(length);
                wire.append(digits).append(extension(chunk.extension())).append("\r\n")
                        .append(new String(chunk.data(), StandardCharsets.ISO_8859_1)).append("\r\n");
                data.writeBytes(chunk.data());
            }
            wire.append("0\r\n");
            List<String> trailers = new ArrayList<>();
            for (String line : declared.trailerLines()) {
                int colon = line.indexOf(':');
                String name = onlyTokenChars(colon < 0 ? line : line.substring(0, colon));
                String value = colon < 0 ? "" : onlyFieldChars(line.substring(colon + 1)).strip();
                if (!name.isEmpty() && trailers.size() < 16) {
                    wire.append(name).append(": ").append(value).append("\r\n");
                    trailers.add(name + ": " + value);
                }
            }
            wire.append("\r\n");
            return new Rebuilt(wire.toString().getBytes(StandardCharsets.ISO_8859_1), data.toByteArray(), trailers);
        }

        /** chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ) of what the line had. */
        private static String extension(String raw) {
            StringBuilder sb = new StringBuilder();
            for (String piece : raw.split(";", -1)) {
                int eq = piece.indexOf('=');
                String name = onlyTokenChars(eq < 0 ? piece : piece.substring(0, eq));
                if (name.isEmpty() || sb.length() > 200) {
                    continue;
                }
                sb.append(';').append(name);
                if (eq >= 0) {
                    String value = piece.substring(eq + 1).strip();
                    String token = onlyTokenChars(value);
                    if (!token.isEmpty() && token.equals(value)) {
                        sb.append('=').append(token);
                    } else {
                        sb.append("=\"").append(onlyQuotedTextChars(value)).append('"');
                    }
                }
            }
            return sb.toString();
        }

        private static String onlyTokenChars(String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80 && CharClass.is((byte) c, CharClass.TOKEN)) {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        /** qdtext of ASCII: no DQUOTE or backslash, so no quoted-pair is needed. */
        private static String onlyQuotedTextChars(String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ((c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e)) && c != '"' && c != '\\') {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        private static String onlyFieldChars(String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e)) {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
