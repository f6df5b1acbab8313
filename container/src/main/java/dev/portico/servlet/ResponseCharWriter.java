package dev.portico.servlet;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Set;

/**
 * The writer under {@code getWriter()}: encodes characters and hands the bytes straight to the response output, so
 * that the response buffer (the exchange's) is the only buffer and commit happens exactly when it fills. Only half a
 * surrogate pair is ever held back, until its other half arrives.
 */
final class ResponseCharWriter extends Writer {
    private static final Set<String> ASCII_SUPERSETS = Set.of("UTF-8", "ISO-8859-1", "US-ASCII", "windows-1252");

    private final ResponseOutput out;
    private final CharsetEncoder encoder;
    private final boolean asciiFast;
    private final byte[] scratch = new byte[1024];
    private final ByteBuffer encoded = ByteBuffer.wrap(scratch);
    private char pendingHighSurrogate;

    ResponseCharWriter(ResponseOutput out, Charset charset) {
        this.out = out;
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.asciiFast = ASCII_SUPERSETS.contains(charset.name());
    }

    @Override
    public void write(int c) throws IOException {
        if (asciiFast && c < 0x80 && pendingHighSurrogate == 0) {
            out.writeFromWriter(c);
        } else {
            encode(CharBuffer.wrap(new char[] {(char) c}));
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        if (!writeAscii(null, chars, off, len)) {
            encode(CharBuffer.wrap(chars, off, len));
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        if (!writeAscii(s, null, off, len)) {
            encode(CharBuffer.wrap(s, off, off + len));
        }
    }

    /** The common case of plain ASCII text in an ASCII-compatible charset: no encoder needed. */
    private boolean writeAscii(String s, char[] chars, int off, int len) throws IOException {
        if (!asciiFast || pendingHighSurrogate != 0) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = s != null ? s.charAt(off + i) : chars[off + i];
            if (c >= 0x80) {
                return false;
            }
        }
        int done = 0;
        while (done < len) {
            int n = Math.min(scratch.length, len - done);
            for (int i = 0; i < n; i++) {
                scratch[i] = (byte) (s != null ? s.charAt(off + done + i) : chars[off + done + i]);
            }
            out.writeFromWriter(scratch, 0, n);
            done += n;
        }
        return true;
    }

    private void encode(CharBuffer in) throws IOException {
        if (pendingHighSurrogate != 0) {
            CharBuffer joined = CharBuffer.allocate(in.remaining() + 1);
            joined.put(pendingHighSurrogate).put(in).flip();
            in = joined;
            pendingHighSurrogate = 0;
        }
        while (true) {
            CoderResult result = encoder.encode(in, encoded, false);
            drain();
            if (result.isUnderflow()) {
                if (in.hasRemaining()) {
                    pendingHighSurrogate = in.get();   // half a pair: wait for the low surrogate
                }
                return;
            }
        }
    }

    private void drain() throws IOException {
        if (encoded.position() > 0) {
            out.writeFromWriter(scratch, 0, encoded.position());
            encoded.clear();
        }
    }

    /** Forgets encoder state along with the buffered bytes ({@code resetBuffer}). */
    void reset() {
        encoder.reset();
        encoded.clear();
        pendingHighSurrogate = 0;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
