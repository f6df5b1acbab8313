package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {
    private static final List<String> VALID_REQUESTS = List.of(
            "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
            "GET /a/b%20c?x=1&y=%C3%A9 HTTP/1.1\r\nHost: h:8080\r\nAccept: */*\r\nX-Empty:\r\n\r\n",
            "POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n",
            "PUT /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET /old HTTP/1.0\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET http://example.com:81/p?q HTTP/1.1\r\nHost: other\r\n\r\n",
            "\r\nGET /after-empty-line HTTP/1.1\r\nHost: h\r\nUser-Agent:   spaced value \t \r\n\r\n");

    /** Parses the whole request as one buffer. */
    private static RequestHead parse(String request) throws HttpException {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        int end = parser.parse(bytes, 0, bytes.length);
        assertTrue(parser.isComplete(), "head should be complete");
        assertEquals(bytes.length, end, "the parser consumes exactly the head");
        return parser.head();
    }

    private static int statusOf(String request) {
        return assertThrows(HttpException.class, () -> parse(request)).status();
    }

    @Test
    void parsesEveryValidRequestSplitAtEveryByteBoundary() throws HttpException {
        for (String request : VALID_REQUESTS) {
            RequestHead whole = parse(request);
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            for (int split = 1; split < bytes.length; split++) {
                RequestParser parser = new RequestParser(HttpLimits.defaults());
                int consumed = parser.parse(bytes, 0, split);
                assertEquals(split, consumed, "a partial head is consumed entirely");
                assertFalse(parser.isComplete());
                assertEquals(bytes.length, parser.parse(bytes, split, bytes.length));
                assertSameHead(whole, parser.head());
            }
            RequestParser oneByOne = new RequestParser(HttpLimits.defaults());
            for (int i = 0; i < bytes.length; i++) {
                assertEquals(i + 1, oneByOne.parse(bytes, i, i + 1));
            }
            assertSameHead(whole, oneByOne.head());
        }
    }

    @Test
    void stopsAtTheEndOfTheHeadLeavingPipelinedRequests() throws HttpException {
        String two = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n";
        byte[] bytes = two.getBytes(StandardCharsets.ISO_8859_1);
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        int end = parser.parse(bytes, 0, bytes.length);
        assertEquals("/1", parser.head().path());
        parser.reset();
        assertEquals(bytes.length, parser.parse(bytes, end, bytes.length));
        assertEquals("/2", parser.head().path());
    }

    private static void assertSameHead(RequestHead expected, RequestHead actual) {
        assertEquals(expected.method(), actual.method());
        assertEquals(expected.target(), actual.target());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.headers().toString(), actual.headers().toString());
        assertEquals(expected.framing(), actual.framing());
        assertEquals(expected.contentLength(), actual.contentLength());
    }

    @Test
    void splitsTargetIntoPathAndQuery() throws HttpException {
        RequestHead head = parse("GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("/a/b", head.path());
        assertEquals("x=1&y=2", head.query());
        assertNull(parse("GET /a HTTP/1.1\r\nHost: h\r\n\r\n").query());
    }

    @Test
    void absoluteFormTakesAuthorityFromTheTarget() throws HttpException {
        RequestHead head = parse("GET http://example.com:81/p?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
        assertEquals("example.com:81", head.authority());
        assertEquals("/p", head.path());
        assertEquals("q=1", head.query());
    }

    @Test
    void trimsOptionalWhitespaceAroundFieldValues() throws HttpException {
        RequestHead head = parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: \t value with  spaces \t\r\n\r\n");
        assertEquals("value with  spaces", head.headers().get("x-a"));
    }

    @Test
    void asteriskOnlyWithOptions() {
        assertEquals(400, statusOf("GET * HTTP/1.1\r\nHost: h\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "HTTP/2.1", "HTTP/0.1"})
    void otherMajorVersionsAre505(String version) {
        assertEquals(505, statusOf("GET / " + version + "\r\nHost: h\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.9"})
    void higherHttp1MinorVersionsAreProcessedAsHttp11(String version) throws HttpException {
        RequestHead head = parse("GET / " + version + "\r\nHost: h\r\n\r\n");
        assertEquals(HttpVersion.HTTP_1_1, head.version(), "RFC 9110 §2.5: the highest 1.x we implement");
        assertEquals(version, head.protocol(), "the version as received");
        assertTrue(head.clientWantsKeepAlive());
        assertEquals(400, statusOf("GET / " + version + "\r\n\r\n"), "HTTP/1.1 rules: Host is required");
    }

    @Test
    void protocolOfHttp10And11IsTheirVersionText() throws HttpException {
        assertEquals("HTTP/1.0", parse("GET / HTTP/1.0\r\n\r\n").protocol());
        assertEquals("HTTP/1.1", parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").protocol());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\\b", "/\\evil.example/../x", "/..\\x", "/a?q=\\"})
    void backslashInTheTargetIs400(String target) {
        assertEquals(400, statusOf("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",          // trailing space after version
        "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",          // two spaces
        "GET / http/1.1\r\nHost: h\r\n\r\n",           // lowercase version
        "GET / HTTP/11\r\nHost: h\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",           // non-token method
        "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /\u0001 HTTP/1.1\r\nHost: h\r\n\r\n",     // control in target
        "GET /#frag HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET noslash HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\nHost: h\r\n\r\n",             // bare LF ends the request line
        "GET / HTTP/1.1\r\nHost: h\n\r\n",             // bare LF ends a field line
        "GET / HTTP/1.1\r\nHost: h\r\n\n",             // bare LF ends the section
        "GET / HTTP/1.1\rHost: h\r\n\r\n",             // bare CR
    })
    void badRequestLinesAndLineEndingsAre400(String request) {
        assertEquals(400, statusOf(request));
    }

    @Test
    void requestLineOver8KiBIs414() {
        String longTarget = "/" + "a".repeat(HttpLimits.DEFAULT_MAX_REQUEST_LINE);
        assertEquals(414, statusOf("GET " + longTarget + " HTTP/1.1\r\nHost: h\r\n\r\n"));
    }

    @Test
    void requestLineJustUnder8KiBIsAccepted() throws HttpException {
        String target = "/" + "a".repeat(HttpLimits.DEFAULT_MAX_REQUEST_LINE - "GET  HTTP/1.1".length() - 1);
        assertEquals(target, parse("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").target());
    }

    @Test
    void rejectsWhitespaceBeforeTheColon() {
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost : h\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nX-A\t: v\r\n\r\n"));
    }

    @Test
    void rejectsObsFold() {
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\n Host: h\r\n\r\n"));
    }

    @Test
    void rejectsNonTokenFieldNames() {
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nX(A): v\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"));
    }

    @Test
    void rejectsCrLfAndNulInsideValues() {
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\nb\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u007fb\r\n\r\n"));
    }

    @Test
    void headerSectionOver16KiBIs431() {
        String big = "X-Big: " + "v".repeat(HttpLimits.DEFAULT_MAX_HEADER_BYTES) + "\r\n";
        assertEquals(431, statusOf("GET / HTTP/1.1\r\nHost: h\r\n" + big + "\r\n"));
    }

    @Test
    void moreThan100FieldsIs431() {
        StringBuilder fields = new StringBuilder("Host: h\r\n");
        for (int i = 0; i < HttpLimits.DEFAULT_MAX_HEADER_COUNT; i++) {
            fields.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(431, statusOf("GET / HTTP/1.1\r\n" + fields + "\r\n"));
    }

    @Test
    void exactly100FieldsAreAccepted() throws HttpException {
        StringBuilder fields = new StringBuilder("Host: h\r\n");
        for (int i = 1; i < HttpLimits.DEFAULT_MAX_HEADER_COUNT; i++) {
            fields.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(100, parse("GET / HTTP/1.1\r\n" + fields + "\r\n").headers().size());
    }

    @Test
    void http11RequiresExactlyOneHost() {
        assertEquals(400, statusOf("GET / HTTP/1.1\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: a b\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: user@h\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nhost: h:123456\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHOST: [::1\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n"));
        assertEquals(400, statusOf("GET / HTTP/1.1\r\nHost: h:8o\r\n\r\n"));
        assertEquals(400, statusOf("GET http://u@h/ HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(400, statusOf("GET http:/// HTTP/1.1\r\nHost: h\r\n\r\n"));
    }

    @Test
    void acceptsEveryAuthorityForm() throws HttpException {
        assertEquals("[::1]:9000", parse("GET / HTTP/1.1\r\nHost: [::1]:9000\r\n\r\n").authority());
        assertEquals("127.0.0.1", parse("GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n").authority());
        assertEquals("", parse("GET / HTTP/1.1\r\nHost:\r\n\r\n").authority());
        assertEquals("a-b.example:80", parse("GET / HTTP/1.1\r\nHost: a-b.example:80\r\n\r\n").authority());
        assertNull(parse("GET / HTTP/1.0\r\n\r\n").authority());
    }

    @Test
    void aReusedParserKeepsNothingOfThePreviousRequest() throws HttpException {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        byte[] first = ("GET /one?a=1 HTTP/1.1\r\nHost: first\r\nX-Only-First: yes\r\nConnection: close\r\n"
                + "Accept: text/html\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] second = "GET /two HTTP/1.1\r\nHost: second\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        parser.parse(first, 0, first.length);
        RequestHead one = parser.head();
        assertEquals("first", one.authority());
        assertFalse(one.clientWantsKeepAlive());
        parser.reset();
        parser.parse(second, 0, second.length);
        RequestHead two = parser.head();
        assertEquals("/two", two.path());
        assertNull(two.query());
        assertEquals("second", two.authority());
        assertEquals("*/*", two.headers().get("Accept"));
        assertNull(two.headers().get("X-Only-First"));
        assertTrue(two.clientWantsKeepAlive());
        assertEquals(2, two.headers().size());
    }

    @Test
    void http10MayOmitHost() throws HttpException {
        assertEquals(HttpVersion.HTTP_1_0, parse("GET / HTTP/1.0\r\n\r\n").version());
    }

    @Test
    void contentLengthFraming() throws HttpException {
        RequestHead head = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 42\r\n\r\n");
        assertEquals(RequestHead.Framing.LENGTH, head.framing());
        assertEquals(42, head.contentLength());
        assertEquals(RequestHead.Framing.NONE,
                parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n").framing());
    }

    @Test
    void duplicateContentLengthsMustAgree() throws HttpException {
        assertEquals(7, parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n")
                .contentLength());
        assertEquals(7, parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7, 7\r\n\r\n").contentLength());
        assertEquals(400, statusOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n"));
        assertEquals(400, statusOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7, 8\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+5", "-5", "0x5", "5 5", "5a", "", " ", "1e3", "99999999999999999999"})
    void invalidContentLengthIs400(String value) {
        assertEquals(400, statusOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + value + "\r\n\r\n"));
    }

    @Test
    void contentLengthOverTheBodyLimitIs413() {
        RequestParser parser = new RequestParser(HttpLimits.defaults().withMaxBody(10));
        byte[] bytes = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(413, assertThrows(HttpException.class, () -> parser.parse(bytes, 0, bytes.length)).status());
    }

    @Test
    void chunkedFraming() throws HttpException {
        RequestHead head = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n");
        assertEquals(RequestHead.Framing.CHUNKED, head.framing());
        assertEquals(-1, head.contentLength());
    }

    @Test
    void rejectsContentLengthWithTransferEncoding() {
        assertEquals(400, statusOf(
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals(400, statusOf(
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"));
    }

    @Test
    void chunkedMustBeTheFinalCodingAndAppearOnce() {
        assertEquals(400, statusOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"));
        assertEquals(400, statusOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"));
        assertEquals(400, statusOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "xchunked", "identity", "gzip, chunked", "chunked-false"})
    void unknownOrUnsupportedTransferCodingIs501(String coding) {
        assertEquals(501, statusOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + coding + "\r\n\r\n"));
    }

    @Test
    void transferEncodingInHttp10Is400() {
        assertEquals(400, statusOf("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"));
    }

    @Test
    void expectContinueIsRecognisedAndOtherExpectationsAre417() throws HttpException {
        assertTrue(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n")
                .expectContinue());
        assertFalse(parse("POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
                .expectContinue());
        assertEquals(417, statusOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: magic\r\n\r\n"));
    }

    @Test
    void keepAliveDefaultsByVersion() throws HttpException {
        assertTrue(parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").clientWantsKeepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n").clientWantsKeepAlive());
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").clientWantsKeepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").clientWantsKeepAlive());
    }
}
