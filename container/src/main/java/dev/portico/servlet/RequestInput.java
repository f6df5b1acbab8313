package dev.portico.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as a {@link ServletInputStream}, over the exchange's decoded body stream. Non-blocking mode
 * (Servlet 6.1 §5.3, after {@link #setReadListener}) is {@link NonBlockingReads}', its fetches run on the gateway's
 * executor.
 *
 * <p>Every read of the body, the app's and the container's (a form, multipart), goes through here, so a failed read
 * is told to {@link ErrorResponder#bodyReadFailed} at this one point.
 */
final class RequestInput extends ServletInputStream {
    private final RequestCycle cycle;
    private final InputStream body;
    private boolean finished;
    /** Set by setReadListener: the stream is in non-blocking mode. */
    private NonBlockingReads nonBlocking;

    RequestInput(RequestCycle cycle, InputStream body) {
        this.cycle = cycle;
        this.body = body;
    }

    @Override
    public int read() throws IOException {
        if (nonBlocking != null) {
            byte[] one = new byte[1];
            return readNonBlocking(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
        if (finished) {
            return -1;
        }
        int b;
        try {
            b = body.read();
        } catch (IOException e) {
            throw cycle.errors.bodyReadFailed(e);
        }
        if (b < 0) {
            finished = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (nonBlocking != null) {
            return readNonBlocking(b, off, len);
        }
        if (finished) {
            return -1;
        }
        int n;
        try {
            n = body.read(b, off, len);
        } catch (IOException e) {
            throw cycle.errors.bodyReadFailed(e);
        }
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    private int readNonBlocking(byte[] b, int off, int len) {
        int n = nonBlocking.read(b, off, len);
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        if (nonBlocking != null) {
            return nonBlocking.available();
        }
        return finished ? 0 : body.available();
    }

    @Override
    public boolean isFinished() {
        return nonBlocking != null ? nonBlocking.isFinished() : finished;
    }

    @Override
    public boolean isReady() {
        return nonBlocking == null || nonBlocking.isReady();
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        if (readListener == null) {
            throw new NullPointerException("readListener");
        }
        if (!cycle.async.isAsyncStarted()) {
            throw new IllegalStateException("setReadListener is only allowed in async mode");
        }
        synchronized (this) {
            if (nonBlocking != null) {
                throw new IllegalStateException("a ReadListener has already been set");
            }
            nonBlocking = new NonBlockingReads(body, readListener, () -> cycle.async.execute(this::fetch));
            nonBlocking.start();
        }
    }

    private void fetch() {
        ReadListener listener = nonBlocking.listener();
        ClassLoader previous = AppClassLoader.enter(cycle.app.loader);
        try {
            boolean ended;
            try {
                ended = nonBlocking.fetch();
            } catch (IOException e) {
                failed(listener, cycle.errors.bodyReadFailed(e));
                return;
            } catch (RuntimeException e) {
                failed(listener, e);
                return;
            }
            try {
                if (ended) {
                    listener.onAllDataRead();
                } else {
                    listener.onDataAvailable();
                }
            } catch (Throwable t) {
                failed(listener, t);
            }
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    private void failed(ReadListener listener, Throwable t) {
        try {
            listener.onError(t);
        } catch (RuntimeException e) {
            t.addSuppressed(e);
        }
        cycle.errors.failedOutsideDispatch(t);
    }

    /** The app's close() does not close the connection's stream; the server drains what is left. */
    @Override
    public void close() {
        finished = true;
    }
}
