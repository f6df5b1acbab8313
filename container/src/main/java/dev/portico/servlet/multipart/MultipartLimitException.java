package dev.portico.servlet.multipart;

/**
 * A well-formed {@code multipart/form-data} body over a limit: the servlet's maxFileSize or maxRequestSize, the part
 * header section, the number of parts, or the bytes of form fields read as parameters. An
 * {@link IllegalStateException}, as {@code HttpServletRequest.getParts} specifies for size limits; the gateway
 * answers it with 413 (RFC 9110 §15.5.14), where a malformed body ({@link MultipartException}) gets 400.
 */
public final class MultipartLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MultipartLimitException(String message) {
        super(message);
    }
}
