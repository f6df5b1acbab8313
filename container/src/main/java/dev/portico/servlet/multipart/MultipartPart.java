package dev.portico.servlet.multipart;

import jakarta.servlet.http.Part;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * One part of a {@code multipart/form-data} body. Its content is held in memory while it is no larger than its
 * threshold and moves to a temp file in the upload directory when it grows past it; the parser fills it through
 * {@link #append} and {@link #finish}.
 */
public final class MultipartPart implements Part {
    private final List<String[]> headers;           // {name, value} in arrival order
    private final String name;
    private final String submittedFileName;
    private final String contentType;
    private final Path directory;
    private final long threshold;

    private byte[] memory = new byte[0];
    private long size;
    private Path file;
    private boolean ownsFile;                       // false once write() handed the file to the application
    private OutputStream fileOut;

    MultipartPart(List<String[]> headers, String name, String submittedFileName, Path directory, long threshold) {
        this.headers = headers;
        this.name = name;
        this.submittedFileName = submittedFileName;
        this.contentType = findHeader(headers, "content-type");
        this.directory = directory;
        this.threshold = threshold;
    }

    void append(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (fileOut == null && size + length > threshold) {
            spillToFile();
        }
        if (fileOut != null) {
            fileOut.write(bytes, offset, length);
        } else {
            if (size + length > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.min(threshold, Math.max(size + length, 2L * memory.length + 256)));
            }
            System.arraycopy(bytes, offset, memory, (int) size, length);
        }
        size += length;
    }

    private void spillToFile() throws IOException {
        Files.createDirectories(directory);
        file = Files.createTempFile(directory, "portico-upload-", ".tmp");
        ownsFile = true;
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), 8192);
        fileOut.write(memory, 0, (int) size);
        memory = null;
    }

    /** The part's last byte has arrived. */
    void finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        } else if (memory.length != size) {
            memory = Arrays.copyOf(memory, (int) size);
        }
    }

    /** Whether the content went to a temp file (for tests and diagnostics). */
    boolean isOnDisk() {
        return file != null;
    }

    Path file() {
        return file;
    }

    /** A form field is a part without a file name (RFC 7578 §4.2); its value becomes a request parameter. */
    public boolean isFormField() {
        return submittedFileName == null;
    }

    /**
     * The content as text: in the charset named by the part's own Content-Type, if any, else the given one (the
     * request's character encoding, RFC 7578 §4.6).
     */
    public String getString(Charset defaultCharset) throws IOException {
        Charset charset = defaultCharset;
        if (contentType != null) {
            String named = HeaderValue.parse(contentType).param("charset");
            if (named != null) {
                try {
                    charset = Charset.forName(named);
                } catch (IllegalArgumentException unknown) {
                    // keep the default: an unknown charset label on one field should not fail the whole request
                }
            }
        }
        if (file == null) {
            return new String(memory, 0, (int) size, charset);
        }
        // Not Files.readString, which throws on a malformed byte: a field on disk decodes as one in memory does,
        // with U+FFFD, whatever its size.
        return new String(Files.readAllBytes(file), charset);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (file != null) {
            return Files.newInputStream(file);
        }
        if (memory == null) {
            throw new IOException("part \"" + name + "\" has been deleted");
        }
        return new ByteArrayInputStream(memory, 0, (int) size);
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getSubmittedFileName() {
        return submittedFileName;
    }

    @Override
    public long getSize() {
        return size;
    }

    /**
     * Writes the content to {@code fileName}, resolved against the upload directory when relative (the
     * {@code @MultipartConfig} location). A part already on disk is moved there, which the javadoc allows ("not
     * guaranteed to succeed if called more than once"); the written file then belongs to the application and is
     * not removed by {@link #delete} or the request's cleanup.
     */
    @Override
    public void write(String fileName) throws IOException {
        Path target = directory.resolve(fileName);
        if (file == null) {
            if (memory == null) {
                throw new IOException("part \"" + name + "\" has been deleted");
            }
            try (OutputStream out = Files.newOutputStream(target)) {
                out.write(memory, 0, (int) size);
            }
            return;
        }
        if (target.toAbsolutePath().equals(file.toAbsolutePath())) {
            ownsFile = false;
            return;
        }
        try {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        file = target;
        ownsFile = false;
    }

    /** Removes the temp file (if the part has one and still owns it) and drops in-memory content. */
    @Override
    public void delete() throws IOException {
        if (fileOut != null) {
            try {
                fileOut.close();
            } finally {
                fileOut = null;
            }
        }
        if (file != null && ownsFile) {
            Files.deleteIfExists(file);
            file = null;
            ownsFile = false;
        }
        memory = null;
    }

    @Override
    public String getHeader(String headerName) {
        return findHeader(headers, headerName.toLowerCase(Locale.ROOT));
    }

    @Override
    public Collection<String> getHeaders(String headerName) {
        List<String> values = new ArrayList<>();
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(headerName)) {
                values.add(header[1]);
            }
        }
        return values;
    }

    @Override
    public Collection<String> getHeaderNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String[] header : headers) {
            if (names.stream().noneMatch(header[0]::equalsIgnoreCase)) {
                names.add(header[0]);
            }
        }
        return names;
    }

    private static String findHeader(List<String[]> headers, String lowerCaseName) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(lowerCaseName)) {
                return header[1];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Part[name=" + name + (submittedFileName == null ? "" : ", filename=" + submittedFileName)
                + ", size=" + size + (file == null ? ", in memory]" : ", on disk]");
    }
}
