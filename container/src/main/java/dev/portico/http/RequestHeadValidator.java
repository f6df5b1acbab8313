package dev.portico.http;

import java.util.List;

/**
 * The checks that need the whole head: the target's form, Host, and above all body framing. These are the rules
 * that keep two parties on a wire from disagreeing about where one request ends (RFC 9112 §3.2, §6, §11.2).
 */
final class RequestHeadValidator {
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    private RequestHeadValidator() {
    }

    static RequestHead validate(String method, String target, HttpVersion version, HttpFields fields,
                                HttpLimits limits) throws HttpException {
        // Host (RFC 9112 §3.2): exactly one on HTTP/1.1; never more than one.
        int hosts = fields.count("Host");
        if (hosts > 1 || (hosts == 0 && version == HttpVersion.HTTP_1_1)) {
            throw bad(hosts > 1 ? "more than one Host header" : "missing Host header");
        }
        String host = fields.get("Host");
        if (host != null && !isValidAuthority(host, true)) {
            throw bad("invalid Host header");
        }

        // The request-target's form (RFC 9112 §3.2.1–§3.2.4).
        String authority = host;
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
            if (authority.isEmpty() || !isValidAuthority(authority, false)) {
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
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);

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
        return new RequestHead(method, target, path, query, authority, version, fields, framing, contentLength,
                expectContinue && framing != RequestHead.Framing.NONE);
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

    /** host [ ":" port ] with reg-name, IPv4 or IP-literal host (RFC 3986 §3.2); userinfo is never accepted. */
    static boolean isValidAuthority(String authority, boolean emptyAllowed) {
        if (authority.isEmpty()) {
            return emptyAllowed;
        }
        int portStart;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = authority.charAt(i);
                if (!(isAlnum(c) || c == ':' || c == '.')) {
                    return false;
                }
            }
            portStart = close + 1;
            if (portStart < authority.length() && authority.charAt(portStart) != ':') {
                return false;
            }
        } else {
            int colon = authority.lastIndexOf(':');
            int hostEnd = colon < 0 ? authority.length() : colon;
            for (int i = 0; i < hostEnd; i++) {
                char c = authority.charAt(i);
                if (!(isAlnum(c) || "-._~%!$&'()*+,;=".indexOf(c) >= 0)) {
                    return false;
                }
            }
            portStart = hostEnd;
        }
        if (portStart < authority.length()) {
            if (authority.length() - portStart - 1 > 5) {
                return false;
            }
            for (int i = portStart + 1; i < authority.length(); i++) {
                if (authority.charAt(i) < '0' || authority.charAt(i) > '9') {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static HttpException bad(String message) {
        return new HttpException(400, message);
    }
}
