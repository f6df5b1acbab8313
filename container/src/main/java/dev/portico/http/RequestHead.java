package dev.portico.http;

/**
 * A parsed request line and header section (RFC 9112 §3, §5), with the body framing the parser decided on.
 * The target is kept raw (still percent-encoded); {@link #path()} and {@link #query()} split it.
 */
public final class RequestHead {
    /** How the body of this request is delimited (RFC 9112 §6.3). */
    public enum Framing { NONE, LENGTH, CHUNKED }

    private final String method;
    private final String target;
    /** The target in origin-form (the target itself unless it was absolute-form); path and query split from it. */
    private final String pathAndQuery;
    /** Set only for an absolute-form target; otherwise the authority is the Host field's value. */
    private final String authority;
    /** Null until first asked for (a split path is never null). */
    private String path;
    private String query;
    private final HttpVersion version;
    private final String protocol;
    private final HttpFields headers;
    private final Framing framing;
    private final long contentLength;
    private final boolean expectContinue;

    public RequestHead(String method, String target, String pathAndQuery, String authority,
                       HttpVersion version, String protocol, HttpFields headers, Framing framing,
                       long contentLength, boolean expectContinue) {
        this.method = method;
        this.target = target;
        this.pathAndQuery = pathAndQuery;
        this.authority = authority;
        this.version = version;
        this.protocol = protocol;
        this.headers = headers;
        this.framing = framing;
        this.contentLength = contentLength;
        this.expectContinue = expectContinue;
    }

    public String method() {
        return method;
    }

    /** The request-target exactly as sent: origin-form, absolute-form or {@code *}. */
    public String target() {
        return target;
    }

    /** The raw path of the target (for absolute-form, the path part of the URI; {@code *} for asterisk-form). */
    public String path() {
        splitTarget();
        return path;
    }

    /** The raw query (without {@code ?}), or null when the target has none. */
    public String query() {
        splitTarget();
        return query;
    }

    /** Split when first asked for, so parsing a head makes no substrings nobody reads. */
    private void splitTarget() {
        if (path == null) {
            int question = pathAndQuery.indexOf('?');
            query = question < 0 ? null : pathAndQuery.substring(question + 1);
            path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        }
    }

    /** The authority: from an absolute-form target if there was one (RFC 9112 §3.2.2), else the Host field. */
    public String authority() {
        return authority != null ? authority : headers.get("Host");
    }

    /**
     * The HTTP-version as the client sent it: {@code HTTP/1.0}, {@code HTTP/1.1}, or a higher {@code HTTP/1.x} that
     * is processed as 1.1 (RFC 9110 §2.5). What {@code getProtocol()} reports, as Tomcat and Jetty do.
     */
    public String protocol() {
        return protocol;
    }

    /** The version whose rules apply to this request (framing, keep-alive, Host); see {@link #protocol()}. */
    public HttpVersion version() {
        return version;
    }

    public HttpFields headers() {
        return headers;
    }

    public Framing framing() {
        return framing;
    }

    /** The Content-Length, or -1 when the body is chunked or absent. */
    public long contentLength() {
        return contentLength;
    }

    public boolean expectContinue() {
        return expectContinue;
    }

    public boolean isHead() {
        return "HEAD".equals(method);
    }

    /** Whether the client asked to keep the connection open after this exchange (RFC 9112 §9.3). */
    public boolean clientWantsKeepAlive() {
        if (headers.containsToken("Connection", "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || headers.containsToken("Connection", "keep-alive");
    }

    @Override
    public String toString() {
        return method + " " + target + " " + protocol;
    }
}
