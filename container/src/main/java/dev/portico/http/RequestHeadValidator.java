package dev.portico.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The checks that need the whole head: the target's form, Host, and above all body framing. These are the rules
 * that keep two parties on a wire from disagreeing about where one request ends (RFC 9112 §3.2, §6, §11.2).
 */
final class RequestHeadValidator {
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    private RequestHeadValidator() {
    }

    static RequestHead validate(String method, String target, HttpVersion version, String protocol,
                                HttpFields fields, HttpLimits limits) throws HttpException {
        // Host (RFC 9112 §3.2): exactly one on HTTP/1.1; never more than one.
        int hosts = fields.count("Host");
        if (hosts > 1 || (hosts == 0 && version == HttpVersion.HTTP_1_1)) {
            throw bad(hosts > 1 ? "more than one Host header" : "missing Host header");
        }
        // The Host value's syntax was checked by the parser as the field ended, on its bytes.

        // The request-target's form (RFC 9112 §3.2.1–§3.2.4).
        String authority = null; // null: the Host field's value, decoded when asked for

        String pathAndQuery;
        if (target.charAt(0) == '/') {
            pathAndQuery = target;
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw bad("asterisk-form is only allowed with OPTIONS");
            }
            pathAndQuery = "*";
        } else if (startsWithIgnoreCase(target, "http://") || startsWithIgnoreCase(target, "https://")) {
            int authorityStart = target.indexOf("//") + 2;
            int authorityEnd = authorityStart;
            while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                    && target.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            authority = target.substring(authorityStart, authorityEnd);
            byte[] authorityBytes = authority.getBytes(StandardCharsets.ISO_8859_1);
            if (authority.isEmpty() || !isValidAuthority(authorityBytes, 0, authorityBytes.length)) {
                throw bad("invalid authority in absolute-form target");
            }
            pathAndQuery = authorityEnd == target.length() ? "/" : target.substring(authorityEnd);
            if (pathAndQuery.charAt(0) == '?') {
                pathAndQuery = "/" + pathAndQuery;
            }
        } else if (method.equals("CONNECT")) {
            throw new HttpException(501, "CONNECT is not supported");
        } else {
            throw bad("invalid request target");
        }

        // Body framing (RFC 9112 §6.1–§6.3).
        boolean hasTransferEncoding = fields.contains("Transfer-Encoding");
        boolean hasContentLength = fields.contains("Content-Length");
        RequestHead.Framing framing = RequestHead.Framing.NONE;
        long contentLength = -1;
        if (hasTransferEncoding) {
            if (version == HttpVersion.HTTP_1_0) {
                // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
                throw bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (hasContentLength) {
                // §6.1: the classic request-smuggling pair; refuse rather than pick one.
                throw bad("both Transfer-Encoding and Content-Length");
            }
            checkTransferCodings(fields.getAll("Transfer-Encoding"));
            framing = RequestHead.Framing.CHUNKED;
        } else if (hasContentLength) {
            contentLength = parseContentLength(fields.getAll("Content-Length"));
            if (limits.maxBody() >= 0 && contentLength > limits.maxBody()) {
                throw new HttpException(413, "request body larger than " + limits.maxBody() + " bytes");
            }
            framing = contentLength > 0 ? RequestHead.Framing.LENGTH : RequestHead.Framing.NONE;
        }

        // Expect (RFC 9110 §10.1.1): 100-continue is the only expectation; HTTP/1.0 clients' is ignored.
        boolean expectContinue = false;
        if (version == HttpVersion.HTTP_1_1) {
            for (String expect : fields.getAll("Expect")) {
                if (expect.equalsIgnoreCase("100-continue")) {
                    expectContinue = true;
                } else {
                    throw new HttpException(417, "unsupported expectation: " + expect);
                }
            }
        }
        return new RequestHead(method, target, pathAndQuery, authority, version, protocol, fields, framing,
                contentLength, expectContinue && framing != RequestHead.Framing.NONE);
    }

    /** Only {@code chunked}, exactly once and last, is a transfer coding Portico can frame by (§6.1, §7). */
    private static void checkTransferCodings(List<String> values) throws HttpException {
        int codings = 0;
        boolean chunkedSeen = false;
        boolean unsupportedSeen = false;
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String coding = element.strip();
                int semicolon = coding.indexOf(';');
                if (semicolon >= 0) {
                    coding = coding.substring(0, semicolon).strip();
                }
                if (coding.isEmpty()) {
                    continue;
                }
                codings++;
                if (chunkedSeen) {
                    throw bad("chunked is not the final transfer coding");
                }
                if (coding.equalsIgnoreCase("chunked")) {
                    chunkedSeen = true;
                } else {
                    unsupportedSeen = true;
                }
            }
        }
        if (codings == 0) {
            throw bad("empty Transfer-Encoding");
        }
        if (unsupportedSeen) {
            throw new HttpException(501, "unsupported transfer coding");
        }
    }

    /** One valid decimal value; repeated fields or list members must all agree (RFC 9110 §8.6). */
    private static long parseContentLength(List<String> values) throws HttpException {
        long length = -1;
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String digits = element.strip();
                if (digits.isEmpty() || digits.length() > MAX_CONTENT_LENGTH_DIGITS) {
                    throw bad("invalid Content-Length");
                }
                long parsed = 0;
                for (int i = 0; i < digits.length(); i++) {
                    char c = digits.charAt(i);
                    if (c < '0' || c > '9') {
                        throw bad("invalid Content-Length");
                    }
                    parsed = parsed * 10 + (c - '0');
                }
                if (length >= 0 && parsed != length) {
                    throw bad("conflicting Content-Length values");
                }
                length = parsed;
            }
        }
        return length;
    }

    /**
     * host [ ":" port ] with reg-name, IPv4 or IP-literal host (RFC 3986 §3.2), in {@code b[from, to)}; userinfo is
     * never accepted. Empty is valid here (an HTTP/1.1 Host may be empty); callers that need an authority check that.
     */
    static boolean isValidAuthority(byte[] b, int from, int to) {
        if (from == to) {
            return true;
        }
        int portStart;
        if (b[from] == '[') {
            int close = indexOf(b, from, to, (byte) ']');
            if (close < 0) {
                return false;
            }
            for (int i = from + 1; i < close; i++) {
                if (!(isAlnum(b[i]) || b[i] == ':' || b[i] == '.')) {
                    return false;
                }
            }
            portStart = close + 1;
            if (portStart < to && b[portStart] != ':') {
                return false;
            }
        } else {
            int colon = lastIndexOf(b, from, to, (byte) ':');
            int hostEnd = colon < 0 ? to : colon;
            for (int i = from; i < hostEnd; i++) {
                if (!(isAlnum(b[i]) || "-._~%!$&'()*+,;=".indexOf(b[i]) >= 0)) {
                    return false;
                }
            }
            portStart = hostEnd;
        }
        if (portStart < to) {
            if (to - portStart - 1 > 5) {
                return false;
            }
            for (int i = portStart + 1; i < to; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    return false;
                }
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAlnum(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static HttpException bad(String message) {
        return new HttpException(400, message);
    }
}
