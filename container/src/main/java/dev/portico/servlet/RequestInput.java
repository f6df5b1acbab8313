package dev.portico.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The request body as a {@link ServletInputStream}, over the exchange's decoded body stream. */
final class RequestInput extends ServletInputStream {
    private final InputStream body;
    private boolean finished;

    RequestInput(InputStream body) {
        this.body = body;
    }

    @Override
    public int read() throws IOException {
        if (finished) {
            return -1;
        }
        int b = body.read();
        if (b < 0) {
            finished = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (finished) {
            return -1;
        }
        int n = body.read(b, off, len);
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return finished ? 0 : body.available();
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        throw new IllegalStateException("setReadListener is only allowed in async mode");
    }

    /** The app's close() does not close the connection's stream; the server drains what is left. */
    @Override
    public void close() {
        finished = true;
    }
}
