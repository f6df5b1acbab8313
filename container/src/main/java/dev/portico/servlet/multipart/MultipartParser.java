package dev.portico.servlet.multipart;

import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A streaming parser for {@code multipart/form-data} (RFC 7578 over the RFC 2046 §5.1 syntax): it reads the body
 * once, through a fixed buffer, and hands each part's bytes to a {@link MultipartPart} that keeps them in memory or
 * spills them to a temp file. Nothing is ever read whole into memory.
 *
 * <pre>{@code
 * MultipartParser parser = new MultipartParser(servletMultipartConfig, contextTempDir, requestCharset);
 * try (MultipartForm form = parser.parse(contentType, contentLength, body)) { ... form.parts() ... }
 * }</pre>
 *
 * Faults: a body, part, header section or part count over its limit → {@link MultipartLimitException} (413);
 * anything malformed → {@link MultipartException} (400). Either way the temp files written so far are deleted
 * before the throw.
 */
public final class MultipartParser {
    /** Longest header section of one part, all lines and CRLFs included. */
    public static final int MAX_HEADER_SECTION = 16 * 1024;
    /**
     * Most parts in one body: each costs a header list of up to {@link #MAX_HEADER_SECTION} and perhaps a temp file,
     * so a hostile body must not say 1e6. As many as the request parameters allowed by default.
     */
    public static final int MAX_PARTS = 1000;
    /**
     * Form fields (no file name) stay in memory up to this size or the threshold, whichever is larger: they become
     * String parameters anyway, so writing small ones to disk first (threshold 0 is the default) would only cost a
     * temp file each; past it a field spills like a file, so a huge "field" cannot fill the heap.
     */
    static final int FIELD_IN_MEMORY = 64 * 1024;
    /**
     * The fields one body keeps in memory by {@link #FIELD_IN_MEMORY} hold about this much together (one field more
     * at most); later fields spill like files, so a body of many 64 KiB fields cannot hold all of --max-body in the
     * heap. Reading them back as parameters is bounded by the form size limit, on their sizes, before any is read.
     */
    static final int FIELDS_IN_MEMORY = 1024 * 1024;
    /** RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
    private static final int MAX_BOUNDARY = 70;
    private static final int BUFFER_SIZE = MAX_HEADER_SECTION + 1024;

    private final MultipartConfigElement config;
    private final Path directory;
    private final Charset charset;

    /**
     * @param config  the servlet's multipart config (location, maxFileSize, maxRequestSize, fileSizeThreshold;
     *                negative sizes mean unlimited)
     * @param tempDir the context's temp dir: where parts go when the location is empty, and what a relative location
     *                is resolved against
     * @param charset the request's character encoding, used for part headers and form-field values (RFC 7578 §4.6)
     */
    public MultipartParser(MultipartConfigElement config, Path tempDir, Charset charset) {
        this.config = Objects.requireNonNull(config, "config");
        this.charset = Objects.requireNonNull(charset, "charset");
        String location = config.getLocation();
        this.directory = location == null || location.isEmpty() ? tempDir : tempDir.resolve(location);
    }

    /** Whether a Content-Type value names {@code multipart/form-data} (parameters ignored, case-insensitive). */
    public static boolean isMultipartFormData(String contentType) {
        return contentType != null && HeaderValue.parse(contentType).value().equalsIgnoreCase("multipart/form-data");
    }

    /** The boundary parameter of a {@code multipart/form-data} Content-Type, quoted or not. */
    public static String boundaryOf(String contentType) throws MultipartException {
        if (!isMultipartFormData(contentType)) {
            throw new MultipartException("Content-Type is not multipart/form-data: " + contentType);
        }
        String boundary = HeaderValue.parse(contentType).param("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new MultipartException("multipart/form-data without a boundary parameter");
        }
        if (boundary.length() > MAX_BOUNDARY) {
            throw new MultipartException("multipart boundary longer than 70 characters (RFC 2046 §5.1.1)");
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new MultipartException("multipart boundary with a character outside printable ASCII");
            }
        }
        return boundary;
    }

    /** Same as {@link #parse(String, long, InputStream)} with the body length unknown (chunked). */
    public MultipartForm parse(String contentType, InputStream body) throws IOException {
        return parse(contentType, -1, body);
    }

    /**
     * Reads the whole body up to its closing delimiter (the epilogue, if any, is left unread) and returns its parts.
     *
     * @param contentLength the declared body length, or -1: a declared length over maxRequestSize fails at once,
     *                      before a byte is read
     */
    public MultipartForm parse(String contentType, long contentLength, InputStream body) throws IOException {
        String boundary = boundaryOf(contentType);
        long maxRequestSize = config.getMaxRequestSize();
        if (maxRequestSize >= 0 && contentLength > maxRequestSize) {
            throw requestTooLarge(maxRequestSize);
        }
        List<MultipartPart> parts = new ArrayList<>();
        try {
            new Scan(body, boundary, parts).run();
            return new MultipartForm(parts, charset);
        } catch (IOException | RuntimeException e) {
            new MultipartForm(parts, charset).close();
            throw e;
        }
    }

    private static MultipartLimitException requestTooLarge(long max) {
        return new MultipartLimitException("multipart request body is larger than maxRequestSize (" + max + " bytes)");
    }

    /** Where the scan is in the RFC 2046 grammar; each state names what it reads next. */
    private enum State {
        /** Discarding anything before the first delimiter. */
        PREAMBLE,
        /** Just past a delimiter: "--" closes the body, optional padding then CRLF opens a part. */
        AFTER_DELIMITER,
        /** Header lines up to an empty line. */
        HEADERS,
        /** Content up to the next delimiter. */
        BODY,
        DONE
    }

    /** One pass over one body: the buffer, the delimiter search and the limits. */
    private final class Scan {
        private final InputStream in;
        private final List<MultipartPart> parts;
        private final byte[] delimiter;           // CRLF "--" boundary: RFC 2046 §5.1.1, the CRLF belongs to it
        private final int[] skip = new int[256];  // Boyer-Moore-Horspool shift per byte value
        private final byte[] buf = new byte[BUFFER_SIZE];
        private int pos;
        private int limit;
        private boolean eof;
        private long bodyBytes;
        private long fieldBytesInMemory;

        Scan(InputStream in, String boundary, List<MultipartPart> parts) {
            this.in = in;
            this.parts = parts;
            this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
            int last = delimiter.length - 1;
            java.util.Arrays.fill(skip, delimiter.length);
            for (int k = 0; k < last; k++) {
                skip[delimiter[k] & 0xff] = last - k;
            }
            // The first delimiter may open the body with no CRLF before it; a virtual CRLF makes it look like every
            // other delimiter, so one search handles both (and any preamble).
            buf[0] = '\r';
            buf[1] = '\n';
            limit = 2;
        }

        void run() throws IOException {
            State state = State.PREAMBLE;
            MultipartPart part = null;
            while (state != State.DONE) {
                switch (state) {
                    case PREAMBLE -> {
                        if (!transferUntilDelimiter(null)) {
                            throw new MultipartException("no multipart boundary delimiter found in the body");
                        }
                        state = State.AFTER_DELIMITER;
                    }
                    case AFTER_DELIMITER -> state = readCloseOrLineEnd() ? State.DONE : State.HEADERS;
                    case HEADERS -> {
                        if (parts.size() >= MAX_PARTS) {
                            throw new MultipartLimitException("more than " + MAX_PARTS + " parts in a multipart body");
                        }
                        part = newPart(readHeaders());
                        parts.add(part);
                        state = State.BODY;
                    }
                    case BODY -> {
                        if (!transferUntilDelimiter(part)) {
                            throw new MultipartException("multipart body ends before its closing delimiter");
                        }
                        part.finish();
                        if (part.isFormField() && !part.isOnDisk()) {
                            fieldBytesInMemory += part.getSize();
                        }
                        state = State.AFTER_DELIMITER;
                    }
                    default -> throw new AssertionError(state);
                }
            }
        }

        /**
         * Moves bytes to the part (or drops them, for the preamble) until the delimiter; true when it was found,
         * false at end of input. Bytes that could still be the start of a delimiter stay in the buffer.
         */
        private boolean transferUntilDelimiter(MultipartPart part) throws IOException {
            while (true) {
                int at = indexOfDelimiter(pos, limit);
                int end = at >= 0 ? at : limit - (delimiter.length - 1);
                if (end > pos) {
                    if (part != null) {
                        append(part, end - pos);
                    }
                    pos = end;
                }
                if (at >= 0) {
                    pos += delimiter.length;
                    return true;
                }
                if (!fill()) {
                    return false;
                }
            }
        }

        private void append(MultipartPart part, int length) throws IOException {
            long maxFileSize = config.getMaxFileSize();
            if (maxFileSize >= 0 && part.getSize() + length > maxFileSize) {
                throw new MultipartLimitException("multipart part \"" + part.getName()
                        + "\" is larger than maxFileSize (" + maxFileSize + " bytes)");
            }
            part.append(buf, pos, length);
        }

        private int indexOfDelimiter(int from, int to) {
            int last = delimiter.length - 1;
            int i = from;
            while (i + last < to) {
                int j = last;
                while (buf[i + j] == delimiter[j]) {
                    if (j == 0) {
                        return i;
                    }
                    j--;
                }
                i += skip[buf[i + last] & 0xff];
            }
            return -1;
        }

        /** After a delimiter: true for the close delimiter ("--"), false for CRLF opening the next part. */
        private boolean readCloseOrLineEnd() throws IOException {
            if (!ensure(2)) {
                throw new MultipartException("multipart body ends right after a boundary delimiter");
            }
            if (buf[pos] == '-' && buf[pos + 1] == '-') {
                pos += 2;
                return true;
            }
            // RFC 2046 §5.1.1 allows linear white space ("transport padding") between the boundary and the CRLF.
            int padding = 0;
            while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
                pos++;
                if (++padding > MAX_HEADER_SECTION) {
                    throw new MultipartException("endless padding after a multipart boundary");
                }
            }
            if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
                throw new MultipartException("multipart boundary delimiter not followed by CRLF or \"--\"");
            }
            pos += 2;
            return false;
        }

        /** The part's header lines, {name, value}, up to the empty line; the section is capped at 16 KiB. */
        private List<String[]> readHeaders() throws IOException {
            List<String[]> headers = new ArrayList<>(4);
            int sectionBytes = 0;
            int scanned = 0;     // bytes after pos already known to hold no CRLF, so slow input is not rescanned
            while (true) {
                int eol = indexOfCrlf(pos + scanned, limit);
                if (eol < 0) {
                    scanned = Math.max(0, limit - pos - 1);
                    if (sectionBytes + (limit - pos) > MAX_HEADER_SECTION) {
                        throw headerSectionTooLarge();
                    }
                    if (!fill()) {
                        throw new MultipartException("multipart body ends inside a part's headers");
                    }
                    continue;
                }
                int length = eol - pos;
                sectionBytes += length + 2;
                if (sectionBytes > MAX_HEADER_SECTION) {
                    throw headerSectionTooLarge();
                }
                String line = new String(buf, pos, length, charset);
                pos = eol + 2;
                scanned = 0;
                if (length == 0) {
                    return headers;
                }
                addHeaderLine(headers, line);
            }
        }

        private MultipartLimitException headerSectionTooLarge() {
            return new MultipartLimitException("multipart part header section larger than " + MAX_HEADER_SECTION
                    + " bytes");
        }

        private int indexOfCrlf(int from, int to) {
            for (int i = from; i < to - 1; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void addHeaderLine(List<String[]> headers, String line) throws MultipartException {
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                // A folded continuation line (RFC 5322 §2.2.3, which MIME part headers follow).
                if (headers.isEmpty()) {
                    throw new MultipartException("multipart part headers start with a continuation line");
                }
                // Unfolding joins the parts with one space; a blank continuation adds nothing, so the value
                // never gains edge whitespace that its unfolded form would not have.
                String[] previous = headers.get(headers.size() - 1);
                String more = line.trim();
                if (!more.isEmpty()) {
                    previous[1] = previous[1].isEmpty() ? more : previous[1] + " " + more;
                }
                return;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("malformed multipart part header line: " + abbreviate(line));
            }
            String name = line.substring(0, colon);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    throw new MultipartException("malformed multipart part header name: " + abbreviate(name));
                }
            }
            headers.add(new String[] {name, line.substring(colon + 1).trim()});
        }

        /** RFC 7578 §4.2: every part has {@code Content-Disposition: form-data; name="..."}. */
        private MultipartPart newPart(List<String[]> headers) throws MultipartException {
            String disposition = null;
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase("Content-Disposition")) {
                    disposition = header[1];
                    break;
                }
            }
            if (disposition == null) {
                throw new MultipartException("multipart part without a Content-Disposition header (RFC 7578 §4.2)");
            }
            HeaderValue value = HeaderValue.parse(disposition);
            String name = value.param("name");
            if (!value.value().equalsIgnoreCase("form-data") || name == null) {
                throw new MultipartException("multipart part Content-Disposition is not form-data with a name: "
                        + abbreviate(disposition));
            }
            String fileName = value.param("filename");
            String extended = value.param("filename*");
            if (extended != null) {
                String decoded = HeaderValue.decodeExtValue(extended);
                if (decoded != null) {
                    fileName = decoded;
                }
            }
            long threshold = Math.max(0, config.getFileSizeThreshold());
            if (fileName == null && fieldBytesInMemory < FIELDS_IN_MEMORY) {
                threshold = Math.max(threshold, FIELD_IN_MEMORY);
            }
            return new MultipartPart(headers, name, fileName, directory, threshold);
        }

        private boolean ensure(int n) throws IOException {
            while (limit - pos < n) {
                if (!fill()) {
                    return false;
                }
            }
            return true;
        }

        /** Compacts the buffer and reads what is available; false at end of input. Counts toward maxRequestSize. */
        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            bodyBytes += n;
            long maxRequestSize = config.getMaxRequestSize();
            if (maxRequestSize >= 0 && bodyBytes > maxRequestSize) {
                throw requestTooLarge(maxRequestSize);
            }
            return true;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
