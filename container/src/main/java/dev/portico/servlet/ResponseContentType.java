package dev.portico.servlet;

import dev.portico.server.Exchange;
import java.util.Locale;

/**
 * What a response says about its text (Servlet 6.1 §5.6): the media type, the charset and the locale, and the
 * Content-Type and Content-Language headers they make. The charset comes from setCharacterEncoding, a Content-Type
 * charset, the locale-encoding mapping or getWriter, else the context's default, else ISO-8859-1. The response
 * decides when they may change (not after commit, not in an include, the charset not once the writer is in use).
 */
final class ResponseContentType {
    private static final String ISO_8859_1 = "ISO-8859-1";

    private final Exchange exchange;
    private final WebApp app;
    private String mediaType;          // Content-Type without charset, or null
    private String charset;            // set by setContentType/setCharacterEncoding/setLocale/getWriter, or null
    /** The charset came from setLocale's mapping: a later setLocale may replace it, unlike an explicit one. */
    private boolean charsetFromLocale;
    private Locale locale;

    ResponseContentType(Exchange exchange, WebApp app) {
        this.exchange = exchange;
        this.app = app;
    }

    /** A Content-Type value (checked by the caller), or null; its charset counts unless the writer is in use. */
    void setContentType(String type, boolean usingWriter) {
        if (type == null) {
            mediaType = null;
            if (!usingWriter) {
                charset = null;
                charsetFromLocale = false;
            }
            exchange.responseHeaders().remove("Content-Type");
            return;
        }
        String cs = HeaderValues.charset(type);
        mediaType = HeaderValues.withoutCharset(type);
        if (cs != null && !usingWriter) {
            charset = cs;
            charsetFromLocale = false;
        }
        updateHeader();
    }

    String contentType() {
        if (mediaType == null) {
            return null;
        }
        String cs = charset != null ? charset : app.responseCharacterEncoding();
        return cs == null ? mediaType : mediaType + ";charset=" + cs;
    }

    private void updateHeader() {
        String value = contentType();
        if (value == null) {
            exchange.responseHeaders().remove("Content-Type");
        } else {
            exchange.responseHeaders().set("Content-Type", value);
        }
    }

    void setCharacterEncoding(String encoding) {
        charset = encoding;
        charsetFromLocale = false;
        updateHeader();
    }

    String characterEncoding() {
        if (charset != null) {
            return charset;
        }
        String contextDefault = app.responseCharacterEncoding();
        return contextDefault != null ? contextDefault : ISO_8859_1;
    }

    /** getWriter fixed the encoding in use: now it shows in Content-Type (§5.6). */
    void writerEncoding(String encoding) {
        if (charset == null) {
            charset = encoding;
            updateHeader();
        }
    }

    /**
     * Sets Content-Language, and the charset from the locale-encoding mapping unless the app chose one with
     * setCharacterEncoding or a Content-Type charset, or getWriter fixed it; a charset an earlier setLocale chose
     * is replaced.
     */
    void setLocale(Locale loc, boolean usingWriter) {
        locale = loc;
        exchange.responseHeaders().set("Content-Language", loc.toLanguageTag());
        if (usingWriter || (charset != null && !charsetFromLocale)) {
            return;
        }
        String mapped = app.localeEncodings.charsetFor(loc);
        if (mapped != null) {
            charset = mapped;
            charsetFromLocale = true;
            updateHeader();
        }
    }

    Locale locale() {
        return locale != null ? locale : Locale.getDefault();
    }

    /** reset(): the headers are cleared by the caller; this forgets what made them. */
    void reset() {
        mediaType = null;
        charset = null;
        charsetFromLocale = false;
        locale = null;
    }
}
