package dev.portico.servlet.statics;

import dev.portico.http.HttpDate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Answers a GET or HEAD of one file: validators (ETag, Last-Modified), the conditional requests of RFC 9110 §13, a
 * single byte range (§14), then the bytes — streamed, never the whole file in memory.
 */
public final class FileResponder {
    private static final int BUFFER_SIZE = 16 * 1024;

    private FileResponder() {
    }

    /**
     * @param include     whether the file is included into another servlet's response
     * @param contentType the Content-Type it is served with; text says {@code ;charset=UTF-8}
     * @param siblings    where its precompressed siblings are looked for (see {@link Precompressed}); null: nowhere
     */
    public static void respond(HttpServletRequest req, HttpServletResponse resp, boolean head, boolean include,
                               Resource file, String contentType, Precompressed.Siblings siblings)
            throws IOException {
        if (include || isErrorResponse(req, resp)) {
            respond(req, resp, head, include, file, contentType, null, null);
            return;
        }
        Precompressed.Choice choice = siblings == null || (!head && writerTaken(resp))
                ? Precompressed.Choice.IDENTITY
                : Precompressed.choose(req, file, siblings, !head && req.getHeader("Range") != null);
        if (choice.vary()) {
            resp.addHeader("Vary", "Accept-Encoding");
        }
        if (choice.file() == null) {
            respond(req, resp, head, false, file, contentType, null, null);
            return;
        }
        try (Resource variant = choice.file()) {
            respond(req, resp, head, false, variant, contentType, choice.etag(), choice.coding());
        }
    }

    /**
     * @param etag   the entity tag of a precompressed variant, or null for the file's own
     * @param coding the Content-Encoding of a precompressed variant, or null
     */
    private static void respond(HttpServletRequest req, HttpServletResponse resp, boolean head, boolean include,
                                Resource file, String contentType, String etag, String coding)
            throws IOException {
        long length = file.length();
        long lastModified = file.lastModified();
        if (etag == null) {
            etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(lastModified) + "\"";
        }
        if (include) {
            // An included file only contributes its bytes: status and headers belong to the including servlet.
            if (!head) {
                writeBody(resp, file, contentType, 0, length);
            }
            return;
        }
        if (isErrorResponse(req, resp)) {
            // RFC 9110 §13.2.1: preconditions are ignored when the response would not be a 2xx, and a range is a
            // part of a 200 (§14.2). An error page is the body of its error status: whole, without validators.
            resp.setContentType(contentType);
            resp.setHeader("X-Content-Type-Options", "nosniff");
            if (!head && writerTaken(resp)) {
                copyText(file, resp.getWriter(), contentType);
                return;
            }
            resp.setContentLengthLong(length);
            if (!head) {
                copy(file, resp.getOutputStream(), 0, length);
            }
            return;
        }
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setHeader("ETag", etag);
        if (lastModified > 0) {
            resp.setHeader("Last-Modified", HttpDate.format(lastModified));
        }
        int precondition = Preconditions.evaluate(req, etag, lastModified);
        if (precondition != 0) {
            resp.setStatus(precondition);
            if (precondition == HttpServletResponse.SC_PRECONDITION_FAILED) {
                resp.setContentLength(0);
            }
            return;
        }
        resp.setContentType(contentType);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (coding != null) {
            resp.setHeader("Content-Encoding", coding);  // not on a 304 or 412: representation metadata (§15.4.5)
        }
        if (!head && writerTaken(resp)) {
            // A filter already wrote text: the file follows it whole, with no length or range of its own.
            copyText(file, resp.getWriter(), contentType);
            return;
        }
        // RFC 9110 §14.2: only GET has range semantics; a Range on HEAD is ignored. A precompressed variant is never
        // chosen for a range, so the identity's ranges are the only ones served.
        long[] range = head ? null : ByteRanges.select(req.getHeader("Range"), req.getHeader("If-Range"), etag,
                lastModified, length);
        if (range == ByteRanges.UNSATISFIABLE) {
            resp.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            resp.setHeader("Content-Range", "bytes */" + length);
            resp.setContentLength(0);
            return;
        }
        long start = 0;
        long count = length;
        if (range != null) {
            start = range[0];
            count = range[1] - range[0] + 1;
            resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            resp.setHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + length);
        }
        resp.setContentLengthLong(count);
        if (!head) {
            copy(file, resp.getOutputStream(), start, count);
        }
    }

    /**
     * An ERROR dispatch (an error page), or a forward after the app set a non-2xx status: the file is the body of
     * that status, not the representation a conditional or range request asks about.
     */
    private static boolean isErrorResponse(HttpServletRequest req, HttpServletResponse resp) {
        return req.getDispatcherType() == DispatcherType.ERROR || resp.getStatus() < 200 || resp.getStatus() > 299;
    }

    /**
     * Whether the app already took the response's writer — a filter or an including servlet called getWriter — so
     * the bytes cannot go to the output stream (§5.3 lets a response have one or the other). Tomcat's default
     * servlet then writes the file through the writer, and so does this one.
     */
    private static boolean writerTaken(HttpServletResponse resp) throws IOException {
        try {
            resp.getOutputStream();
            return false;
        } catch (IllegalStateException writerInUse) {
            return true;
        }
    }

    private static void writeBody(HttpServletResponse resp, Resource file, String contentType, long start,
                                  long count) throws IOException {
        if (writerTaken(resp)) {
            copyText(file, resp.getWriter(), contentType);
        } else {
            copy(file, resp.getOutputStream(), start, count);
        }
    }

    /** The whole file through the writer, read in the charset it is served with (UTF-8 for text, else bytes 1:1). */
    private static void copyText(Resource file, PrintWriter writer, String contentType) throws IOException {
        Charset charset = contentType.endsWith(";charset=UTF-8") ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1;
        try (Reader in = new InputStreamReader(file.open(), charset)) {
            in.transferTo(writer);
        }
        writer.flush();
    }

    /** Streams {@code count} bytes from {@code start} through one fixed buffer: never the whole file in memory. */
    private static void copy(Resource file, ServletOutputStream out, long start, long count) throws IOException {
        try (InputStream in = file.open()) {
            in.skipNBytes(start);
            byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, Math.max(1, count))];
            long remaining = count;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    // The file shrank after Content-Length was sent: the response cannot be completed truthfully.
                    throw new EOFException("file ended " + remaining + " bytes early while being served");
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
        }
    }
}
