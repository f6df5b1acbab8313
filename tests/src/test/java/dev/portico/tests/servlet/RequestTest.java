package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.http.Cookie;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** HttpServletRequest over the wire: request line, headers, cookies, locales, body access, connection facts. */
class RequestTest extends ServletTestSupport {

    private void startWith(String contextPath, Body body) throws Exception {
        WebAppSpec spec = new WebAppSpec(contextPath);
        spec.servlet("probe", servlet(body)).mapping("/*");
        start(spec);
    }

    @Test
    void reportsTheRequestLineAndUrl() throws Exception {
        startWith("/app", (req, resp) -> resp.getWriter().print("method=" + req.getMethod()
                + "\nuri=" + req.getRequestURI() + "\nurl=" + req.getRequestURL() + "\nquery=" + req.getQueryString()
                + "\nprotocol=" + req.getProtocol() + "\nscheme=" + req.getScheme() + "\nsecure=" + req.isSecure()
                + "\nserverName=" + req.getServerName() + "\nserverPort=" + req.getServerPort()
                + "\ndispatcherType=" + req.getDispatcherType() + "\n"));
        Map<String, String> m = RawHttp.request(port(), "PUT", "/app/x%20y?a=1&b", new byte[0],
                "Host: example.org:8443").lines();
        assertEquals("PUT", m.get("method"));
        assertEquals("/app/x%20y", m.get("uri"));
        assertEquals("http://example.org:8443/app/x%20y", m.get("url"));
        assertEquals("a=1&b", m.get("query"));
        assertEquals("HTTP/1.1", m.get("protocol"));
        assertEquals("http", m.get("scheme"));
        assertEquals("false", m.get("secure"));
        assertEquals("example.org", m.get("serverName"));
        assertEquals("8443", m.get("serverPort"));
        assertEquals("REQUEST", m.get("dispatcherType"));

        Map<String, String> noPort = get("/app/", "Host: example.org").lines();
        assertEquals("80", noPort.get("serverPort"));
        assertEquals("http://example.org/app/", noPort.get("url"));
        assertEquals("null", noPort.get("query"));

        Map<String, String> v6 = get("/app/", "Host: [::1]:9000").lines();
        assertEquals("[::1]", v6.get("serverName"));
        assertEquals("9000", v6.get("serverPort"));
    }

    @Test
    void protocolIsTheVersionAsReceived() throws Exception {
        startWith("", (req, resp) -> resp.getWriter().print(req.getProtocol() + " "
                + req.getServletConnection().getProtocol()));
        for (String version : new String[] {"HTTP/1.0", "HTTP/1.1", "HTTP/1.2"}) {
            try (Socket socket = RawHttp.connect(port())) {
                socket.getOutputStream().write(("GET / " + version + "\r\nHost: h\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                RawHttp.Response r = RawHttp.read(socket.getInputStream(), false);
                assertEquals("HTTP/1.1 200 OK", r.statusLine, "the response speaks the server's version");
                String connection = version.equals("HTTP/1.0") ? "http/1.0" : "http/1.1";
                assertEquals(version + " " + connection, r.text(), "1.2 is received as such and served as 1.1");
            }
        }
    }

    @Test
    void readsHeadersCaseInsensitivelyWithDateAndIntVariants() throws Exception {
        startWith("", (req, resp) -> {
            StringBuilder names = new StringBuilder();
            for (String n : Collections.list(req.getHeaderNames())) {
                names.append(n).append(',');
            }
            resp.getWriter().print("single=" + req.getHeader("x-ONE") + "\nall=" + Collections.list(
                    req.getHeaders("X-Multi")) + "\nint=" + req.getIntHeader("X-Number") + "\nmissingInt="
                    + req.getIntHeader("X-None") + "\ndate=" + req.getDateHeader("If-Modified-Since")
                    + "\nmissingDate=" + req.getDateHeader("X-None") + "\nnames=" + names + "\n");
        });
        Map<String, String> m = get("/", "X-One: first", "X-Multi: a", "x-multi: b", "X-Number: 42",
                "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT").lines();
        assertEquals("first", m.get("single"));
        assertEquals("[a, b]", m.get("all"));
        assertEquals("42", m.get("int"));
        assertEquals("-1", m.get("missingInt"));
        assertEquals("784111777000", m.get("date"));
        assertEquals("-1", m.get("missingDate"));
        assertTrue(m.get("names").contains("X-One,"), m.get("names"));
    }

    @Test
    void malformedIntOrDateHeaderThrowsAsSpecified() throws Exception {
        startWith("", (req, resp) -> {
            String which = req.getParameter("h");
            try {
                if (which.equals("int")) {
                    req.getIntHeader("X-Number");
                } else {
                    req.getDateHeader("X-Date");
                }
                resp.getWriter().print("no exception");
            } catch (NumberFormatException e) {
                resp.getWriter().print("NumberFormatException");
            } catch (IllegalArgumentException e) {
                resp.getWriter().print("IllegalArgumentException");
            }
        });
        assertEquals("NumberFormatException", get("/?h=int", "X-Number: many").text());
        assertEquals("IllegalArgumentException", get("/?h=date", "X-Date: yesterday").text());
    }

    @Test
    void parsesCookies() throws Exception {
        startWith("", (req, resp) -> {
            Cookie[] cookies = req.getCookies();
            if (cookies == null) {
                resp.getWriter().print("none");
                return;
            }
            for (Cookie c : cookies) {
                resp.getWriter().print(c.getName() + "=" + c.getValue() + "\n");
            }
        });
        Map<String, String> m = get("/", "Cookie: a=1", "Cookie: c=3;d=").lines();
        assertEquals("1", m.get("a"));
        assertEquals("3", m.get("c"));
        assertEquals("", get("/", "Cookie: d=").text().substring(2).trim());
        assertEquals("none", get("/").text());
    }

    /** RFC 6265 §4.1.1 and §5.2: the DQUOTEs around a cookie value are part of the value (as Tomcat reads it). */
    @Test
    void quotedCookieValueKeepsItsQuotes() throws Exception {
        startWith("", (req, resp) -> resp.getWriter().print(req.getCookies()[0].getValue()));
        assertEquals("\"value1\"", get("/", "Cookie: name1=\"value1\"").text());
    }

    @Test
    void ordersLocalesByQuality() throws Exception {
        startWith("", (req, resp) -> resp.getWriter().print("first=" + req.getLocale().toLanguageTag()
                + "\nall=" + Collections.list(req.getLocales()).stream().map(l -> l.toLanguageTag()).toList()
                + "\n"));
        Map<String, String> m = get("/", "Accept-Language: da, en-GB;q=0.8, en;q=0.9, fr;q=0").lines();
        assertEquals("da", m.get("first"));
        assertEquals("[da, en, en-GB]", m.get("all"));
        Map<String, String> none = get("/").lines();
        assertEquals(java.util.Locale.getDefault().toLanguageTag(), none.get("first"));
    }

    @Test
    void reportsContentTypeLengthAndAddresses() throws Exception {
        startWith("", (req, resp) -> resp.getWriter().print("type=" + req.getContentType()
                + "\nlength=" + req.getContentLength() + "\nlengthLong=" + req.getContentLengthLong()
                + "\nencoding=" + req.getCharacterEncoding() + "\nremoteAddr=" + req.getRemoteAddr()
                + "\nremotePort=" + req.getRemotePort() + "\nlocalAddr=" + req.getLocalAddr()
                + "\nlocalPort=" + req.getLocalPort() + "\nremoteHost=" + req.getRemoteHost() + "\n"));
        Map<String, String> m = RawHttp.post(port(), "/", "text/plain; charset=UTF-16",
                "abc".getBytes(StandardCharsets.UTF_8)).lines();
        assertEquals("text/plain; charset=UTF-16", m.get("type"));
        assertEquals("3", m.get("length"));
        assertEquals("3", m.get("lengthLong"));
        assertEquals("UTF-16", m.get("encoding"));
        assertEquals("127.0.0.1", m.get("remoteAddr"));
        assertEquals("127.0.0.1", m.get("remoteHost"));
        assertEquals("127.0.0.1", m.get("localAddr"));
        assertEquals(String.valueOf(port()), m.get("localPort"));
        assertTrue(Integer.parseInt(m.get("remotePort")) > 0);
        Map<String, String> noBody = get("/").lines();
        assertEquals("-1", noBody.get("length"));
        assertEquals("null", noBody.get("type"));
        assertEquals("null", noBody.get("encoding"));
    }

    @Test
    void inputStreamAndReaderAreMutuallyExclusive() throws Exception {
        startWith("", (req, resp) -> {
            boolean streamFirst = req.getParameter("first") == null;
            String result;
            try {
                if (streamFirst) {
                    req.getInputStream();
                    req.getInputStream();   // same method again is fine
                    req.getReader();
                } else {
                    req.getReader();
                    req.getInputStream();
                }
                result = "no exception";
            } catch (IllegalStateException e) {
                result = "IllegalStateException";
            }
            resp.getWriter().print(result);
        });
        assertEquals("IllegalStateException", RawHttp.post(port(), "/", "text/plain", new byte[1]).text());
        assertEquals("IllegalStateException",
                RawHttp.post(port(), "/?first=reader", "text/plain", new byte[1]).text());
    }

    @Test
    void readerDecodesWithTheCharsetSetBeforeReading() throws Exception {
        startWith("", (req, resp) -> {
            String set = req.getHeader("X-Set");   // not a parameter: reading those would fix the encoding
            if (set != null) {
                req.setCharacterEncoding(set);
            }
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print(req.getCharacterEncoding() + ":" + req.getReader().readLine());
        });
        byte[] utf8 = "grüße".getBytes(StandardCharsets.UTF_8);
        assertEquals("UTF-8:grüße", RawHttp.post(port(), "/", "text/plain;charset=UTF-8", utf8).text());
        assertEquals("UTF-8:grüße", RawHttp.post(port(), "/", "text/plain", utf8, "X-Set: UTF-8").text());
        assertEquals("null:" + new String(utf8, StandardCharsets.ISO_8859_1),
                RawHttp.post(port(), "/", "text/plain", utf8).text());
    }

    @Test
    void setCharacterEncodingAfterReadingParametersHasNoEffect() throws Exception {
        startWith("", (req, resp) -> {
            req.getParameter("x");
            req.setCharacterEncoding("UTF-8");
            resp.getWriter().print(String.valueOf(req.getCharacterEncoding()));
        });
        assertEquals("null", get("/?x=1").text());
    }

    @Test
    void setCharacterEncodingRejectsUnknownCharsets() throws Exception {
        startWith("", (req, resp) -> {
            try {
                req.setCharacterEncoding("no-such-charset");
                resp.getWriter().print("accepted");
            } catch (java.io.UnsupportedEncodingException e) {
                resp.getWriter().print("UnsupportedEncodingException");
            }
        });
        assertEquals("UnsupportedEncodingException", get("/").text());
    }

    @Test
    void inputStreamReturnsTheDecodedBodyForChunkedRequests() throws Exception {
        startWith("", (req, resp) -> {
            byte[] body = req.getInputStream().readAllBytes();
            resp.getWriter().print("body=" + new String(body, StandardCharsets.US_ASCII) + "\nfinished="
                    + req.getInputStream().isFinished() + "\ntrailer=" + req.getTrailerFields().get("x-check")
                    + "\n");
        });
        try (Socket socket = RawHttp.connect(port())) {
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-Check: ok\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Map<String, String> m = RawHttp.read(socket.getInputStream(), false).lines();
            assertEquals("hello world", m.get("body"));
            assertEquals("true", m.get("finished"));
            assertEquals("ok", m.get("trailer"));
        }
    }

    @Test
    void attributesNotifyNothingWhenAbsentAndCanBeRemoved() throws Exception {
        startWith("", (req, resp) -> {
            req.setAttribute("a", "1");
            req.setAttribute("a", "2");
            req.setAttribute("b", null);
            String names = Collections.list(req.getAttributeNames()).toString();
            req.removeAttribute("a");
            resp.getWriter().print("names=" + names + "\nafter=" + req.getAttribute("a") + "\n");
        });
        Map<String, String> m = get("/").lines();
        assertEquals("[a]", m.get("names"));
        assertEquals("null", m.get("after"));
    }

    @Test
    void requestIdsAreUniqueAndTheConnectionIsDescribed() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        startWith("", (req, resp) -> {
            ids.add(req.getRequestId());
            resp.getWriter().print("protocolRequestId=" + req.getProtocolRequestId() + "\nconnection="
                    + req.getServletConnection().getConnectionId() + "\nprotocol="
                    + req.getServletConnection().getProtocol() + "\nsecure="
                    + req.getServletConnection().isSecure() + "\n");
        });
        // two requests on one keep-alive connection share the connection id but not the request id
        try (Socket socket = RawHttp.connect(port())) {
            RawHttp.write(socket.getOutputStream(), "GET", "/", null, false);
            InputStream in = socket.getInputStream();
            Map<String, String> first = RawHttp.read(in, false).lines();
            RawHttp.write(socket.getOutputStream(), "GET", "/", null, true);
            Map<String, String> second = RawHttp.read(in, false).lines();
            assertEquals(first.get("connection"), second.get("connection"));
            assertEquals("", first.get("protocolRequestId"));
            assertEquals("http/1.1", first.get("protocol"));
            assertEquals("false", first.get("secure"));
        }
        get("/");
        assertEquals(3, ids.size());
    }
}
