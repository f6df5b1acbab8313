package dev.portico.tests;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A response read off a raw socket, framed by the rules a client follows (RFC 9112 §6.3). */
public final class RawResponse {
    public final String statusLine;
    public final int status;
    public final List<String[]> headers;
    public final byte[] body;

    private RawResponse(String statusLine, List<String[]> headers, byte[] body) {
        this.statusLine = statusLine;
        this.status = Integer.parseInt(statusLine.split(" ")[1]);
        this.headers = headers;
        this.body = body;
    }

    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Reads one response; {@code head} says it answers a HEAD request (no body whatever the headers say). */
    public static RawResponse read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        List<String[]> headers = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).trim()});
        }
        RawResponse response = new RawResponse(statusLine, headers, new byte[0]);
        int status = response.status;
        if (head || status < 200 || status == 204 || status == 304) {
            return response;
        }
        String te = response.header("Transfer-Encoding");
        String cl = response.header("Content-Length");
        byte[] body;
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        } else {
            body = in.readAllBytes();
        }
        return new RawResponse(statusLine, headers, body);
    }

    public static RawResponse read(InputStream in) throws IOException {
        return read(in, false);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers are not needed by these tests
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            line(in);
        }
    }

    /** One CRLF-terminated line, without the CRLF. */
    public static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed after: " + sb);
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
