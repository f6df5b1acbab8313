package dev.portico.server;

import dev.portico.http.InputBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways an HTTP connection ends, in one place: refusing a request, closing after a response, and the lingering
 * close that lets a client still sending read the response before a reset (RFC 9112 §9.6). Each ends in
 * {@link Connection#close()}.
 */
final class ConnectionClose {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /**
     * A lingering close reads what is still in flight up to this much, more than a form just over the default form
     * limit (2 MiB), so that a client that writes its whole body before reading still reads the answer ...
     */
    private static final long LINGER_LIMIT = 4 * 1024 * 1024;
    /** ... for up to this long, */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** ... each read waiting at most this long. */
    private static final int LINGER_READ_MILLIS = 200;

    private final Connection connection;
    private final Socket socket;
    private final InputBuffer input;

    ConnectionClose(Connection connection, Socket socket, InputBuffer input) {
        this.connection = connection;
        this.socket = socket;
        this.input = input;
    }

    /** Refuses a request that never became an exchange (a bad or late head) with a plain error, and closes. */
    void reject(int status, String message) {
        log.debug("connection {}: {} {}", connection.id(), status, message);
        try {
            PlainError.writeClosing(connection.writer(), status, message);
            if (status == 408) {
                endAndClose();  // a client that timed out is not sending a body: no need to linger
            } else {
                linger();
            }
        } catch (IOException e) {
            connection.close();
        }
    }

    /** Closes after a response; a client may still be sending a body nobody read, so that close lingers. */
    void afterResponse(boolean bodyFinished) {
        if (bodyFinished) {
            endAndClose();
        } else {
            linger();
        }
    }

    /**
     * Ends the output first (over TLS a close_notify, which tells the client the end from a cut: OpenSSL 3 clients
     * report "unexpected eof" without one), then closes.
     */
    private void endAndClose() {
        try {
            connection.shutdownOutput();
        } catch (IOException e) {
            // the client is gone: nothing to tell it
        } finally {
            connection.close();
        }
    }

    /** Shuts down output first and reads what is in flight for a moment, then closes. */
    private void linger() {
        try {
            connection.shutdownOutput();
            socket.setSoTimeout(LINGER_READ_MILLIS);
            long until = System.nanoTime() + LINGER_NANOS;
            byte[] discard = input.array();
            InputStream in = socket.getInputStream();
            long total = 0;
            while (System.nanoTime() < until && total < LINGER_LIMIT) {
                int n = in.read(discard, 0, discard.length);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // the client is gone, which is all we were waiting for
        } finally {
            connection.close();
        }
    }
}
