package dev.portico.servlet;

import dev.portico.http.HttpFields;
import dev.portico.http.HttpLimits;
import dev.portico.http.RequestHead;
import dev.portico.server.Exchange;
import dev.portico.servlet.multipart.MultipartException;
import dev.portico.servlet.multipart.MultipartForm;
import dev.portico.servlet.multipart.MultipartParser;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request body and what is decoded from it: its character encoding, the one way the app reads it (stream or
 * reader, Servlet 6.1 §3.12), the parameters of the query string and a form body (§3.1), and the parts of a
 * multipart body (§3.2), each parsed on first use.
 */
final class RequestContent {
    /** Longest array a JVM allocates safely. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final RequestCycle cycle;
    private final Exchange exchange;
    private final RequestHead head;

    private String characterEncoding;
    private boolean characterEncodingResolved;
    private RequestInput input;
    private BufferedReader reader;
    private boolean usingStream;
    private boolean usingReader;
    private boolean bodyReadAsForm;
    private Map<String, String[]> parameters;
    private MultipartForm multipart;

    RequestContent(RequestCycle cycle, Exchange exchange) {
        this.cycle = cycle;
        this.exchange = exchange;
        this.head = exchange.request();
    }

    // ---- encoding ---------------------------------------------------------------------------------------------

    /** Set by the app, else the Content-Type charset, else the context's default, else null. */
    String characterEncoding() {
        if (!characterEncodingResolved) {
            characterEncodingResolved = true;
            String fromHeader = HeaderValues.charset(contentType());
            characterEncoding = fromHeader != null ? fromHeader : cycle.app.requestCharacterEncoding();
        }
        return characterEncoding;
    }

    void characterEncoding(String encoding) throws UnsupportedEncodingException {
        if (usingReader || parameters != null) {
            return;    // §3.12: too late, the body is already being decoded
        }
        if (encoding != null) {
            HeaderValues.charsetNamed(encoding);
        }
        characterEncoding = encoding;
        characterEncodingResolved = encoding != null;
    }

    /** URIs are UTF-8 (RFC 3986 §2.5) unless the request names its charset. */
    Charset queryCharset() {
        String encoding = characterEncoding();
        return encoding == null ? StandardCharsets.UTF_8 : charset(encoding);
    }

    private static Charset charset(String name) {
        try {
            return HeaderValues.charsetNamed(name);
        } catch (UnsupportedEncodingException e) {
            throw new BadRequestException("unsupported request charset " + name);
        }
    }

    // ---- reading the body -------------------------------------------------------------------------------------

    RequestInput inputStream() {
        if (usingReader) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        usingStream = true;
        return input();
    }

    RequestInput input() {
        if (input == null) {
            input = new RequestInput(cycle, exchange.requestBody());
        }
        return input;
    }

    BufferedReader reader() throws IOException {
        if (usingStream) {
            throw new IllegalStateException("getInputStream() has already been called for this request");
        }
        if (reader == null) {
            String encoding = characterEncoding();
            Charset cs = encoding == null ? StandardCharsets.ISO_8859_1 : HeaderValues.charsetNamed(encoding);
            usingReader = true;
            reader = new BufferedReader(new InputStreamReader(input(), cs));
        }
        return reader;
    }

    private boolean isBodyUnread() {
        return !usingStream && !usingReader && !bodyReadAsForm;
    }

    boolean isTrailerFieldsReady() {
        return head.framing() != RequestHead.Framing.CHUNKED || bodyReadAsForm
                || input != null && input.isFinished();
    }

    Map<String, String> trailerFields() {
        if (!isTrailerFieldsReady()) {
            throw new IllegalStateException("trailer fields are not ready: the body has not been read to its end");
        }
        HttpFields trailers = exchange.requestTrailers();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < trailers.size(); i++) {
            String name = trailers.name(i).toLowerCase(Locale.ROOT);
            map.merge(name, trailers.value(i), (a, b) -> a + "," + b);
        }
        return map;
    }

    // ---- parameters (§3.1) ------------------------------------------------------------------------------------

    /**
     * The query's parameters, then a form body's (or a multipart body's fields), parsed once. A failure (a form over
     * the limits, a malformed one) is thrown to the first caller; later ones (an error page, say) get the query's
     * parameters alone, as Tomcat gives what it parsed: the body cannot be read again.
     */
    Map<String, String[]> parameters() {
        if (parameters == null) {
            try {
                parameters = parseParameters();
            } catch (RuntimeException e) {
                parameters = queryParametersOrNone();
                throw e;
            }
        }
        return parameters;
    }

    private Map<String, String[]> queryParametersOrNone() {
        try {
            return new FormDecoder(cycle.app.services.limits().maxParameters()).decode(head.query(), queryCharset())
                    .toMap();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private Map<String, String[]> parseParameters() {
        HttpLimits limits = cycle.app.services.limits();
        FormDecoder decoder = new FormDecoder(limits.maxParameters()).decode(head.query(), queryCharset());
        if (isFormPost() && !usingStream && !usingReader) {
            bodyReadAsForm = true;
            byte[] body = readForm(limits.maxFormSize());
            String encoding = characterEncoding();
            decoder.decode(body, body.length, encoding == null ? StandardCharsets.ISO_8859_1 : charset(encoding));
        }
        multipartParameters(decoder);
        return decoder.toMap();
    }

    /**
     * The form body, read whole: it is decoded as one byte string. Reading stops one byte past {@code max}, so no
     * more than the limit is ever held (a declared length over it fails before any byte is read).
     */
    private byte[] readForm(long max) {
        if (max >= 0 && head.contentLength() > max) {
            throw formTooLarge(max);
        }
        byte[] body;
        try {
            body = max < 0 ? input().readAllBytes() : input().readNBytes((int) Math.min(max, MAX_ARRAY - 1) + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the form body failed", e);  // judged by bodyReadFailed
        }
        if (max >= 0 && body.length > max) {
            throw formTooLarge(max);
        }
        return body;
    }

    private static PayloadTooLargeException formTooLarge(long max) {
        return new PayloadTooLargeException("form body larger than " + max + " bytes (--max-form-size)");
    }

    /** §3.1.1: the body holds parameters only for a POST of application/x-www-form-urlencoded. */
    private boolean isFormPost() {
        String type = contentType();
        return "POST".equals(head.method()) && type != null
                && HeaderValues.mediaType(type).equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    // ---- multipart (§3.2) -------------------------------------------------------------------------------------

    /** The parts of a multipart/form-data body, parsed once, for a servlet with a multipart config. */
    Collection<Part> parts() throws IOException, ServletException {
        ServletMapping mapping = cycle.request.mapping();
        MultipartConfigElement config = mapping.servlet.multipartConfig;
        if (config == null) {
            throw new IllegalStateException("servlet " + mapping.getServletName()
                    + " has no multipart configuration (@MultipartConfig or multipart-config)");
        }
        if (!MultipartParser.isMultipartFormData(contentType())) {
            throw new ServletException("the request is not multipart/form-data");
        }
        return multipartForm(config).parts();
    }

    private MultipartForm multipartForm(MultipartConfigElement config) throws IOException {
        if (multipart == null) {
            if (!isBodyUnread()) {
                throw new IllegalStateException("the request body has already been read");
            }
            usingStream = true;    // the container reads the body for the app: its stream and reader see it consumed
            String encoding = characterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : HeaderValues.charsetNamed(encoding);
            Path tempDir = ((File) cycle.app.attributes.get(ServletContext.TEMPDIR)).toPath();
            multipart = new MultipartParser(config, tempDir, charset).parse(contentType(), head.contentLength(),
                    input());
        }
        return multipart;
    }

    /** §3.2: the form fields of a multipart body are parameters too, when the servlet has a multipart config. */
    private void multipartParameters(FormDecoder decoder) {
        MultipartConfigElement config = cycle.request.mapping().servlet.multipartConfig;
        if (config == null || multipart == null && !isBodyUnread()
                || !MultipartParser.isMultipartFormData(contentType())) {
            return;
        }
        try {
            long maxFormSize = cycle.app.services.limits().maxFormSize();
            for (Map.Entry<String, List<String>> field : multipartForm(config).formFields(maxFormSize).entrySet()) {
                for (String value : field.getValue()) {
                    decoder.add(field.getKey(), value);
                }
            }
        } catch (MultipartException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);    // a failed body read was judged where it happened (bodyReadFailed)
        }
    }

    /** At the end of the request: the parts' temporary files go. */
    void closeMultipart() {
        if (multipart != null) {
            multipart.close();
            multipart = null;
        }
    }

    private String contentType() {
        return head.headers().get("Content-Type");
    }
}
