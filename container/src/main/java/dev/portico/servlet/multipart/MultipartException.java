package dev.portico.servlet.multipart;

import java.io.IOException;

/**
 * The request body is not well-formed {@code multipart/form-data} (RFC 7578 / RFC 2046 §5.1): no boundary, no
 * closing delimiter, a part header section that is too long or unreadable, too many parts. The client's fault, so
 * the gateway answers 400. Size limits are not this exception: those are {@link IllegalStateException}, as
 * {@code HttpServletRequest.getParts} specifies, and answered with 413.
 */
public final class MultipartException extends IOException {
    private static final long serialVersionUID = 1L;

    public MultipartException(String message) {
        super(message);
    }
}
