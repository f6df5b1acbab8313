package dev.portico.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses on a connection: the status line and header section, then the body in the framing chosen for
 * it (RFC 9112 §6, §7). Small writes are gathered in one buffer so that a whole small response leaves in a single
 * socket write; large ones go straight through.
 */
public final class ResponseWriter {
    /** How the receiver will find the end of the body. */
    public enum Framing {
        /** A Content-Length header was sent. */
        LENGTH,
        /** Transfer-Encoding: chunked (HTTP/1.1 only). */
        CHUNKED,
        /** The end of the body is the end of the connection (HTTP/1.0 with unknown length). */
        CLOSE,
        /** No body may be sent (HEAD, 1xx, 204, 304); body bytes are discarded. */
        NONE
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] STATUS_LINE_VERSION = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};
    private static final byte[] DATE = "Date: ".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] buf;
    private final byte[] serverLine;
    private int count;
    private Framing framing = Framing.NONE;

    /** @param serverName the value of the Server header, e.g. "Portico/0.1.0" */
    public ResponseWriter(OutputStream out, int bufferSize, String serverName) {
        this.out = out;
        this.buf = new byte[bufferSize];
        this.serverLine = ("Server: " + serverName + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The interim response that tells a client waiting on {@code Expect: 100-continue} to send its body. */
    public void writeContinue() throws IOException {
        writeRaw(CONTINUE, 0, CONTINUE.length);
        flush();
    }

    /**
     * Writes the status line and header fields, adding Date and Server unless present. The caller has already put
     * the framing headers (Content-Length, Transfer-Encoding, Connection) into {@code headers}, chosen for the
     * request's version. The status line always says HTTP/1.1: a server sends the highest version it conforms to
     * (RFC 9110 §2.5), also to an HTTP/1.0 client, whose rules the framing and Connection headers still follow.
     */
    public void writeHead(int status, HttpFields headers, Framing framing) throws IOException {
        this.framing = framing;
        writeRaw(STATUS_LINE_VERSION, 0, STATUS_LINE_VERSION.length);
        int code = Math.max(100, Math.min(status, 999));
        byte1('0' + code / 100);
        byte1('0' + code / 10 % 10);
        byte1('0' + code % 10);
        byte1(' ');
        ascii(HttpStatus.reason(code));
        writeRaw(CRLF, 0, 2);
        if (!headers.contains("Date")) {
            writeRaw(DATE, 0, DATE.length);
            byte[] date = HttpDate.nowBytes();
            writeRaw(date, 0, date.length);
            writeRaw(CRLF, 0, 2);
        }
        if (!headers.contains("Server")) {
            writeRaw(serverLine, 0, serverLine.length);
        }
        for (int i = 0; i < headers.size(); i++) {
            writeField(headers.name(i), headers.value(i));
        }
        writeRaw(CRLF, 0, 2);
    }

    /** Writes body bytes in the framing given to {@link #writeHead}. */
    public void writeBody(byte[] b, int off, int len) throws IOException {
        if (len == 0 || framing == Framing.NONE) {
            return;
        }
        if (framing == Framing.CHUNKED) {
            ascii(Integer.toHexString(len));
            writeRaw(CRLF, 0, 2);
            writeRaw(b, off, len);
            writeRaw(CRLF, 0, 2);
        } else {
            writeRaw(b, off, len);
        }
    }

    /** Ends the body: the last chunk and trailer section for chunked framing, nothing otherwise. */
    public void finishBody(HttpFields trailers) throws IOException {
        if (framing == Framing.CHUNKED) {
            writeRaw(LAST_CHUNK, 0, LAST_CHUNK.length);
            if (trailers != null) {
                for (int i = 0; i < trailers.size(); i++) {
                    writeField(trailers.name(i), trailers.value(i));
                }
            }
            writeRaw(CRLF, 0, 2);
        }
        framing = Framing.NONE;
    }

    public void flush() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
        out.flush();
    }

    private void writeField(String name, String value) throws IOException {
        if (!CharClass.isToken(name)) {
            return;  // an application bug must not become a malformed or split response
        }
        ascii(name);
        byte1(':');
        byte1(' ');
        fieldValue(value);
        writeRaw(CRLF, 0, 2);
    }

    /** Writes a field value, neutralising CR, LF and other controls so no value can inject a header or a response. */
    private void fieldValue(String value) throws IOException {
        int len = value.length();
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                c = ' ';
            } else if (c > 0xFF) {
                c = '?';
            }
            byte1(c);
        }
    }

    private void ascii(String s) throws IOException {
        int len = s.length();
        if (buf.length - count < len) {
            flushBuffer();
        }
        if (len > buf.length) {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        s.getBytes(0, len, buf, count);  // ISO-8859-1 copy without allocating; every char here is < 0x100
        count += len;
    }

    private void byte1(int b) throws IOException {
        if (count == buf.length) {
            flushBuffer();
        }
        buf[count++] = (byte) b;
    }

    /**
     * Appends to the buffer; what does not fit tops the buffer up first, so a chunk's size line, data and CRLF leave
     * together, and only the rest of a large write goes straight to the socket: at most two writes for any size.
     */
    private void writeRaw(byte[] b, int off, int len) throws IOException {
        int free = buf.length - count;
        if (len > free) {
            System.arraycopy(b, off, buf, count, free);
            count = buf.length;
            flushBuffer();
            off += free;
            len -= free;
            if (len >= buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }
}
