package dev.portico.servlet.multipart;

import java.io.IOException;

/**
 * The request body is not well-formed {@code multipart/form-data} (RFC 7578 / RFC 2046 §5.1): no boundary, no
 * closing delimiter, a part header line that is unreadable, a part without its Content-Disposition. The client's
 * fault, so the gateway answers 400. Limits are not this exception: those are {@link MultipartLimitException}, an
 * {@link IllegalStateException} as {@code HttpServletRequest.getParts} specifies, answered with 413.
 */
public final class MultipartException extends IOException {
    private static final long serialVersionUID = 1L;

    public MultipartException(String message) {
        super(message);
    }
}
