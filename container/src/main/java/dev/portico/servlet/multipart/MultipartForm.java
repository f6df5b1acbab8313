package dev.portico.servlet.multipart;

import jakarta.servlet.http.Part;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsed body of one {@code multipart/form-data} request: its parts in arrival order, and the form fields among
 * them as strings ("form fields of a multipart request appear as parameters", Servlet 6.1 §3.2). The gateway must
 * {@link #close} it when the request is done, which deletes every temp file still owned by a part.
 */
public final class MultipartForm implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartForm.class);

    private final List<MultipartPart> parts;
    private final Charset charset;
    private Map<String, List<String>> formFields;

    MultipartForm(List<MultipartPart> parts, Charset charset) {
        this.parts = parts;
        this.charset = charset;
    }

    /** Every part, files and fields, in the order the client sent them. */
    public List<Part> parts() {
        return Collections.unmodifiableList(parts);
    }

    /** The first part with this name, or null ({@code HttpServletRequest.getPart}). */
    public Part part(String name) {
        for (MultipartPart part : parts) {
            if (name.equals(part.getName())) {
                return part;
            }
        }
        return null;
    }

    /** Same as {@link #formFields(long)} with no limit on their bytes. */
    public Map<String, List<String>> formFields() throws IOException {
        return formFields(-1);
    }

    /**
     * The parts without a file name, by name, with their values decoded in the part's own charset or the form's, in
     * arrival order. Computed once.
     *
     * @param maxBytes the most bytes all field values may have together, or -1: checked on the parts' sizes before
     *                 any value is read, so a field spilled to disk is never read into memory past the limit
     * @throws MultipartLimitException if the fields have more bytes than {@code maxBytes}
     */
    public Map<String, List<String>> formFields(long maxBytes) throws IOException {
        if (formFields == null) {
            long total = 0;
            for (MultipartPart part : parts) {
                if (part.isFormField()) {
                    total += part.getSize();
                }
            }
            if (maxBytes >= 0 && total > maxBytes) {
                throw new MultipartLimitException("multipart form fields of " + total + " bytes are more than the "
                        + maxBytes + " bytes of form data allowed");
            }
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (MultipartPart part : parts) {
                if (part.isFormField()) {
                    fields.computeIfAbsent(part.getName(), k -> new ArrayList<>(1)).add(part.getString(charset));
                }
            }
            formFields = Collections.unmodifiableMap(fields);
        }
        return formFields;
    }

    /** Deletes the parts' temp files. Safe to call more than once; a file that will not go is logged, not thrown. */
    @Override
    public void close() {
        for (MultipartPart part : parts) {
            try {
                part.delete();
            } catch (IOException e) {
                LOG.warn("could not delete the temp file of {}: {}", part, e.toString());
            }
        }
    }
}
