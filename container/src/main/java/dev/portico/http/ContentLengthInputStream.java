package dev.portico.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A body of known length (RFC 9112 §6.2): exactly {@code length} bytes, then end of stream. */
public final class ContentLengthInputStream extends InputStream {
    private final InputBuffer input;
    private long remaining;

    public ContentLengthInputStream(InputBuffer input, long length) {
        this.input = input;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = input.readByte();
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = input.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("connection closed with " + remaining + " bytes of the body unsent");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(remaining, input.buffered());
    }

    public boolean isFinished() {
        return remaining == 0;
    }
}
