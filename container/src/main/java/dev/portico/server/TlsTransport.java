package dev.portico.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The streams of one connection on an HTTPS port. The first byte tells TLS from plain HTTP, as Jetty does: a TLS
 * connection starts with a handshake record (0x16), a plain request with a method's letter. A TLS one is then
 * wrapped in an {@link SSLSocket} (that byte handed back to it), whose handshake runs in the connection's first
 * read, under the socket's timeout like any read; a plain one is refused in clear text.
 *
 * <p>The SSLSocket is layered over the connection's channel, so the poller can still wait on the channel: a read
 * that times out in the middle of a record or of the handshake keeps what it has read (JDK 15+), and the next read
 * goes on from there. What the poller cannot see is a record already decrypted and not yet read:
 * {@link #buffered()} tells.
 */
final class TlsTransport {
    /** The first byte of a TLS record carrying a handshake message (RFC 8446 §5.1, content type 22). */
    private static final int HANDSHAKE_RECORD = 0x16;

    private final TlsContext context;
    private final Socket raw;
    private final Connection connection;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final Input input = new Input();
    private final Output output = new Output();
    private volatile SSLSocket tls;
    private InputStream tlsIn;
    private volatile OutputStream tlsOut;

    /** Plain bytes on the HTTPS port; the connection answers them with a 400 in clear text. */
    static final class PlainHttpException extends IOException {
        PlainHttpException() {
            super("plain HTTP sent to the HTTPS port; use https://");
        }
    }

    TlsTransport(TlsContext context, Socket raw, Connection connection) throws IOException {
        this.context = context;
        this.raw = raw;
        this.connection = connection;
        this.rawIn = raw.getInputStream();
        this.rawOut = raw.getOutputStream();
    }

    /** The decrypted request bytes. */
    InputStream input() {
        return input;
    }

    /** The response bytes, encrypted; before the handshake (only a refusal is written then) in clear text. */
    OutputStream output() {
        return output;
    }

    /** The session once the handshake is done, else null. */
    SSLSession session() {
        SSLSocket socket = tls;
        return socket == null ? null : socket.getSession();
    }

    /** Decrypted bytes waiting inside the SSLSocket: a connection with some must not wait in the poller. */
    int buffered() throws IOException {
        return tlsIn == null ? 0 : tlsIn.available();
    }

    /** Ends the output: close_notify, then the TCP half-close. */
    void shutdownOutput() throws IOException {
        SSLSocket socket = tls;
        if (socket == null) {
            raw.shutdownOutput();
        } else {
            socket.shutdownOutput();
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (tlsIn == null && !start()) {
                return -1;
            }
            return tlsIn.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return buffered();
        }
    }

    /** Reads the first byte and wraps the socket. @return false if the client closed before sending any */
    private boolean start() throws IOException {
        int first = rawIn.read();  // if the read times out, nothing was taken: the next one starts again
        if (first < 0) {
            return false;
        }
        if (first != HANDSHAKE_RECORD) {
            throw new PlainHttpException();
        }
        connection.tlsHandshakeStarts();
        SSLSocket socket = context.wrap(raw, new byte[] {(byte) first});
        tlsIn = socket.getInputStream();
        tlsOut = socket.getOutputStream();
        tls = socket;
        return true;
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            OutputStream out = tlsOut;
            (out == null ? rawOut : out).write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            OutputStream out = tlsOut;
            (out == null ? rawOut : out).flush();
        }
    }
}
