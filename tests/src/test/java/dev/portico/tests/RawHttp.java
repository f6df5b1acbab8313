package dev.portico.tests;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The raw-socket HTTP/1.1 client of the integration tests: every byte sent is the test's, every byte received is
 * read by the framing rules a client follows (RFC 9112 §6.3), trailers included, which other clients hide. One
 * socket can carry several requests; {@link #read} takes one response off it at a time.
 */
public final class RawHttp {
    /** A guard on every read: a broken server fails the test instead of hanging it. */
    public static final int READ_TIMEOUT_MILLIS = 15_000;

    private RawHttp() {
    }

    /** A response as read off the wire. */
    public static final class Response {
        public final String statusLine;
        public final int status;
        public final List<String[]> headers;
        public final byte[] body;
        public final Map<String, String> trailers;

        Response(String statusLine, List<String[]> headers, byte[] body, Map<String, String> trailers) {
            this.statusLine = statusLine;
            this.status = Integer.parseInt(statusLine.split(" ")[1]);
            this.headers = headers;
            this.body = body;
            this.trailers = trailers;
        }

        /** The first value of the header, or null. */
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        /** Every value of the header, in the order received. */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    values.add(h[1]);
                }
            }
            return values;
        }

        /** The body decoded as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Lines "key=value" of a text body, as the probe servlets print them. */
        public Map<String, String> lines() {
            Map<String, String> map = new LinkedHashMap<>();
            for (String line : text().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return map;
        }

        @Override
        public String toString() {
            return statusLine + " " + headers.stream().map(h -> h[0] + ": " + h[1]).toList() + " " + text();
        }
    }

    public static Socket connect(int port) throws IOException {
        return connect("127.0.0.1", port);
    }

    public static Socket connect(String host, int port) throws IOException {
        return connect(host, port, READ_TIMEOUT_MILLIS);
    }

    /** A connection whose reads give up after {@code readTimeoutMillis}. */
    public static Socket connect(String host, int port, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket(host, port);
        socket.setSoTimeout(readTimeoutMillis);
        return socket;
    }

    /** Writes the text as it is (ISO-8859-1, one byte per char) and flushes. */
    public static void send(Socket socket, String text) throws IOException {
        send(socket, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Sends the raw request text on a new connection and reads one response (without a body if it is a HEAD). */
    public static Response exchange(String host, int port, String request) throws IOException {
        try (Socket socket = connect(host, port)) {
            send(socket, request);
            return read(socket.getInputStream(), request.startsWith("HEAD "));
        }
    }

    public static Response exchange(int port, String request) throws IOException {
        return exchange("127.0.0.1", port, request);
    }

    public static Response get(int port, String target, String... headerLines) throws IOException {
        return request(port, "GET", target, null, headerLines);
    }

    public static Response post(int port, String target, String contentType, byte[] body, String... headerLines)
            throws IOException {
        String[] all = new String[headerLines.length + 1];
        all[0] = "Content-Type: " + contentType;
        System.arraycopy(headerLines, 0, all, 1, headerLines.length);
        return request(port, "POST", target, body, all);
    }

    public static Response post(int port, String target, String form) throws IOException {
        return post(port, target, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One request on its own connection ({@code Connection: close}). */
    public static Response request(int port, String method, String target, byte[] body, String... headerLines)
            throws IOException {
        try (Socket socket = connect(port)) {
            write(socket.getOutputStream(), method, target, body, true, headerLines);
            return read(socket.getInputStream(), method.equals("HEAD"));
        }
    }

    /**
     * Writes a request built from its parts: a {@code Host} unless one is among the header lines, a
     * {@code Content-Length} for a body, and {@code Connection: close} if asked.
     */
    public static void write(OutputStream out, String method, String target, byte[] body, boolean close,
                             String... headerLines) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (String h : headerLines) {
            host |= h.regionMatches(true, 0, "Host:", 0, 5);
            sb.append(h).append("\r\n");
        }
        if (!host) {
            sb.append("Host: localhost\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            sb.append("Connection: close\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    public static Response read(InputStream in) throws IOException {
        return read(in, false);
    }

    /** Reads one response; {@code head} says it answers a HEAD request (no body whatever the headers say). */
    public static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        List<String[]> headers = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).trim()});
        }
        Response response = new Response(statusLine, headers, new byte[0], Map.of());
        int status = response.status;
        if (head || status < 200 || status == 204 || status == 304) {
            return response;
        }
        String te = response.header("Transfer-Encoding");
        String cl = response.header("Content-Length");
        Map<String, String> trailers = new LinkedHashMap<>();
        byte[] body;
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in, trailers);
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        } else {
            body = in.readAllBytes();
        }
        return new Response(statusLine, headers, body, trailers);
    }

    private static byte[] readChunked(InputStream in, Map<String, String> trailers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
            if (size == 0) {
                for (String line = line(in); !line.isEmpty(); line = line(in)) {
                    int colon = line.indexOf(':');
                    trailers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            line(in);
        }
    }

    /** Reads a response head byte by byte up to its blank line, so that nothing after it is consumed. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * One line ending in LF, without the line end (a CR anywhere in it is dropped). Header bytes are decoded as
     * UTF-8, which is what the servlets under test write.
     */
    public static String line(InputStream in) throws IOException {
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed after: " + sb.toString(StandardCharsets.UTF_8));
            }
            if (b != '\r') {
                sb.write(b);
            }
        }
        return sb.toString(StandardCharsets.UTF_8);
    }
}
