package dev.portico.server;

import dev.portico.http.AcceptEncoding;
import dev.portico.http.HttpFields;
import dev.portico.http.HttpStatus;
import dev.portico.http.RequestHead;
import java.util.List;

/**
 * Decides, when a response commits, whether its body is gzip-compressed, and makes its headers say so: the
 * {@code Content-Encoding}, {@code Vary: Accept-Encoding} on every response that could have been compressed (also
 * the one this client gets uncompressed, so a cache keeps the two apart), and a distinct entity tag.
 *
 * <p>Entity tags, as Jetty does it: a compressed variant's tag is the identity's with {@value #ETAG_SUFFIX} before
 * its closing quote. On the way in, the suffix is taken off the tags of {@code If-None-Match} and {@code If-Match},
 * so the application (the DefaultServlet's preconditions) compares against the tag it knows; a 304 for a tag that
 * came suffixed gets its suffix back. {@code If-Range} keeps it: a range is always of the identity, and a client
 * holding the compressed variant must not have identity bytes spliced into it.
 */
final class CompressionPolicy {
    static final String ETAG_SUFFIX = "--gzip";
    private static final List<String> CODINGS = List.of(AcceptEncoding.GZIP);
    private static final String QUOTED_SUFFIX = ETAG_SUFFIX + "\"";

    private CompressionPolicy() {
    }

    /**
     * Takes the compressed variants' suffix off the request's entity-tag preconditions.
     *
     * @return the preconditions as the client sent them, if a suffix was taken off; else null
     */
    static String stripEtagSuffixes(HttpFields requestHeaders) {
        String sent = null;
        for (String name : new String[] {"If-None-Match", "If-Match"}) {
            List<String> values = requestHeaders.getAll(name);
            if (values.isEmpty()) {
                continue;
            }
            String joined = String.join(", ", values);
            if (joined.contains(QUOTED_SUFFIX)) {
                requestHeaders.set(name, joined.replace(QUOTED_SUFFIX, "\""));
                sent = sent == null ? joined : sent + ", " + joined;
            }
        }
        return sent;
    }

    /**
     * Rewrites the response headers for the coding chosen and says whether the body is to be compressed.
     *
     * @param knownLength  the length of the identity body if known (declared, or complete in the buffer), else -1
     * @param sentEtags    what {@link #stripEtagSuffixes} returned for this request
     */
    static boolean apply(Compression options, RequestHead request, int status, HttpFields headers,
                         long knownLength, String sentEtags) {
        if (status == 304) {
            restoreSuffix(headers, sentEtags);
            return false;
        }
        if (!HttpStatus.allowsBody(status) || status == 206 || request.headers().contains("Range")
                || headers.contains("Content-Encoding") || headers.containsToken("Cache-Control", "no-transform")
                || !options.compresses(headers.get("Content-Type"))) {
            return false;
        }
        addVary(headers);
        AcceptEncoding accepted = AcceptEncoding.parse(request.headers().getAll("Accept-Encoding"));
        if (accepted.select(CODINGS) == null) {
            return false;
        }
        if (knownLength >= 0 && knownLength < options.minSize() && accepted.acceptsIdentity()) {
            return false;  // too small to be worth it, unless the client refuses it uncompressed
        }
        headers.set("Content-Encoding", AcceptEncoding.GZIP);
        headers.remove("Content-Length");
        String etag = headers.get("ETag");
        if (etag != null) {
            headers.set("ETag", suffixed(etag));
        }
        return true;
    }

    /** A 304 answers with the validators of the variant the client holds: the compressed one if it sent its tag. */
    private static void restoreSuffix(HttpFields headers, String sentEtags) {
        String etag = headers.get("ETag");
        if (sentEtags == null || etag == null) {
            return;
        }
        String variant = suffixed(etag);
        if (!variant.equals(etag) && sentEtags.contains(variant)) {
            headers.set("ETag", variant);
            addVary(headers);
        }
    }

    /** Adds Accept-Encoding to the Vary field, merged into one field with what the application put there. */
    private static void addVary(HttpFields headers) {
        List<String> vary = headers.getAll("Vary");
        if (vary.isEmpty()) {
            headers.add("Vary", "Accept-Encoding");
            return;
        }
        if (headers.containsToken("Vary", "*") || headers.containsToken("Vary", "Accept-Encoding")) {
            return;
        }
        headers.set("Vary", String.join(", ", vary) + ", Accept-Encoding");
    }

    /** {@code "x"} → {@code "x--gzip"}, {@code W/"x"} → {@code W/"x--gzip"}; a malformed tag stays as it is. */
    static String suffixed(String etag) {
        String tag = etag.trim();
        int open = tag.startsWith("W/") ? 2 : 0;
        if (tag.length() < open + 2 || tag.charAt(open) != '"' || !tag.endsWith("\"")) {
            return etag;
        }
        return tag.substring(0, tag.length() - 1) + QUOTED_SUFFIX;
    }
}
