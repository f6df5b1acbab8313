package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** HttpServletResponse over the wire: status, headers, encodings, the buffer and commit, errors, redirects. */
class ResponseTest extends ServletTestSupport {
    /** What servlets saw while running, for facts that cannot travel in the response itself. */
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    private void startWith(Body body) throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("probe", servlet(body)).mapping("/*");
        start(spec);
    }

    @Test
    void setsStatusAndHeaders() throws Exception {
        startWith((req, resp) -> {
            resp.setStatus(201);
            resp.setHeader("X-One", "a");
            resp.setHeader("X-One", "b");
            resp.addHeader("X-Many", "1");
            resp.addHeader("x-many", "2");
            resp.setIntHeader("X-Int", 7);
            resp.addIntHeader("X-Int", 8);
            resp.setDateHeader("X-Date", 784111777000L);
            resp.setHeader("X-Gone", "soon");
            resp.setHeader("X-Gone", null);
            seen.put("contains", resp.containsHeader("x-one") + "," + resp.containsHeader("X-Gone"));
            seen.put("getHeader", resp.getHeader("X-MANY"));
            seen.put("getHeaders", resp.getHeaders("X-Many").toString());
            seen.put("status", resp.getStatus());
            seen.put("names", resp.getHeaderNames().toString());
        });
        RawHttp.Response r = get("/");
        assertEquals(201, r.status);
        assertEquals(List.of("b"), r.headers("X-One"));
        assertEquals(List.of("1", "2"), r.headers("X-Many"));
        assertEquals(List.of("7", "8"), r.headers("X-Int"));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", r.header("X-Date"));
        assertNull(r.header("X-Gone"));
        assertEquals("true,false", seen.get("contains"));
        assertEquals("1", seen.get("getHeader"));
        assertEquals("[1, 2]", seen.get("getHeaders"));
        assertEquals(201, seen.get("status"));
        assertTrue(seen.get("names").toString().contains("X-Many"));
    }

    @Test
    void refusesHeaderValuesThatWouldSplitTheResponse() throws Exception {
        startWith((req, resp) -> {
            try {
                resp.setHeader("X-Bad", "a\r\nSet-Cookie: evil=1");
                resp.getWriter().print("accepted");
            } catch (IllegalArgumentException e) {
                resp.getWriter().print("refused");
            }
        });
        RawHttp.Response r = get("/");
        assertEquals("refused", r.text());
        assertNull(r.header("Set-Cookie"));
    }

    @Test
    void writerUsesIso88591UnlessACharsetIsSet() throws Exception {
        startWith((req, resp) -> {
            String mode = req.getParameter("mode");
            switch (mode) {
                case "default" -> resp.setContentType("text/plain");
                case "contentType" -> resp.setContentType("text/plain; charset=UTF-8");
                case "setCharacterEncoding" -> {
                    resp.setContentType("text/plain");
                    resp.setCharacterEncoding("UTF-8");
                }
                case "tooLate" -> {
                    resp.setContentType("text/plain");
                    resp.getWriter();
                    resp.setCharacterEncoding("UTF-8");
                    resp.setContentType("text/html;charset=UTF-16");
                }
                default -> throw new IllegalArgumentException(mode);
            }
            seen.put(mode, resp.getCharacterEncoding() + "|" + resp.getContentType());
            resp.getWriter().print("é");
        });
        RawHttp.Response byDefault = get("/?mode=default");
        assertEquals("text/plain;charset=ISO-8859-1", byDefault.header("Content-Type"));
        assertArrayEquals(new byte[] {(byte) 0xe9}, byDefault.body);

        RawHttp.Response utf8 = get("/?mode=contentType");
        assertEquals("text/plain;charset=UTF-8", utf8.header("Content-Type"));
        assertEquals("é", utf8.text());
        assertEquals("UTF-8|text/plain;charset=UTF-8", seen.get("contentType"));

        assertEquals("é", get("/?mode=setCharacterEncoding").text());
        assertEquals("UTF-8|text/plain;charset=UTF-8", seen.get("setCharacterEncoding"));

        RawHttp.Response late = get("/?mode=tooLate");
        assertEquals("text/html;charset=ISO-8859-1", late.header("Content-Type"),
                "charset changes after getWriter are ignored, the content type is not");
        assertArrayEquals(new byte[] {(byte) 0xe9}, late.body);
    }

    @Test
    void writerEncodesSurrogatePairsSplitAcrossWrites() throws Exception {
        startWith((req, resp) -> {
            resp.setContentType("text/plain;charset=UTF-8");
            String emoji = "\uD83D\uDE00";
            PrintWriter w = resp.getWriter();
            w.write(emoji.charAt(0));
            w.write(emoji.charAt(1));
            w.print("ok");
        });
        assertEquals("\uD83D\uDE00ok", get("/").text());
    }

    @Test
    void contextDefaultResponseEncodingApplies() throws Exception {
        WebAppSpec spec = new WebAppSpec("").responseCharacterEncoding("UTF-8");
        spec.servlet("probe", servlet((req, resp) -> {
            resp.setContentType("text/plain");
            seen.put("encoding", resp.getCharacterEncoding());
            resp.getWriter().print("ü");
        })).mapping("/*");
        start(spec);
        RawHttp.Response r = get("/");
        assertEquals("text/plain;charset=UTF-8", r.header("Content-Type"));
        assertEquals("ü", r.text());
        assertEquals("UTF-8", seen.get("encoding"));
    }

    @Test
    void setLocaleSetsContentLanguage() throws Exception {
        startWith((req, resp) -> {
            resp.setLocale(Locale.CANADA_FRENCH);
            seen.put("locale", resp.getLocale());
        });
        assertEquals("fr-CA", get("/").header("Content-Language"));
        assertEquals(Locale.CANADA_FRENCH, seen.get("locale"));
    }

    /** Servlet 6.1 §5.6: setLocale takes the charset from the app's locale-encoding mapping, country first. */
    @Test
    void setLocalePicksTheMappedCharset() throws Exception {
        WebAppSpec spec = new WebAppSpec("").localeEncoding("ja", "EUC-JP").localeEncoding("zh_CN", "GB18030");
        spec.servlet("probe", servlet((req, resp) -> {
            resp.setContentType("text/plain");
            resp.setLocale(Locale.JAPAN);               // ja_JP: no country mapping, the language's
            seen.put("ja", resp.getCharacterEncoding());
            resp.setLocale(Locale.CHINA);               // a later setLocale replaces a charset setLocale chose
            resp.getWriter().print("\u4e2d");
        })).mapping("/*");
        start(spec);
        RawHttp.Response r = get("/");
        assertEquals("EUC-JP", seen.get("ja"));
        assertEquals("text/plain;charset=GB18030", r.header("Content-Type"));
        assertEquals("zh-CN", r.header("Content-Language"));
        assertArrayEquals("\u4e2d".getBytes("GB18030"), r.body);
    }

    /** §5.6: a charset the app chose (setCharacterEncoding, a Content-Type charset) is not replaced by setLocale. */
    @Test
    void setLocaleKeepsAnExplicitCharset() throws Exception {
        WebAppSpec spec = new WebAppSpec("").localeEncoding("ja", "EUC-JP");
        spec.servlet("probe", servlet((req, resp) -> {
            resp.setContentType("text/html;charset=UTF-16LE");
            resp.setLocale(Locale.JAPANESE);
            String afterType = resp.getCharacterEncoding();
            resp.setContentType(null);
            resp.setCharacterEncoding("UTF-8");
            resp.setLocale(Locale.JAPANESE);
            resp.getWriter().print(afterType + "," + resp.getCharacterEncoding());
        })).mapping("/*");
        start(spec);
        assertEquals("UTF-16LE,UTF-8", get("/").text());
    }

    /** The container maps ja to Shift_JIS (as Tomcat does); setCharacterEncoding(null) goes back to the default. */
    @Test
    void setLocaleUsesTheContainerMappingAndNullCharsetResetsIt() throws Exception {
        startWith((req, resp) -> {
            String before = resp.getCharacterEncoding();
            resp.setLocale(Locale.JAPANESE);
            String mapped = resp.getCharacterEncoding();
            resp.setCharacterEncoding((String) null);
            resp.getWriter().print(before + "," + mapped + "," + resp.getCharacterEncoding());
        });
        assertEquals("ISO-8859-1,Shift_JIS,ISO-8859-1", get("/").text());
    }

    @Test
    void outputStreamAndWriterAreMutuallyExclusive() throws Exception {
        startWith((req, resp) -> {
            String result;
            try {
                if (req.getParameter("writerFirst") != null) {
                    resp.getWriter();
                    resp.getOutputStream();
                } else {
                    resp.getOutputStream();
                    resp.getWriter();
                }
                result = "no exception";
            } catch (IllegalStateException e) {
                result = "IllegalStateException";
            }
            seen.put("result", result);
        });
        get("/");
        assertEquals("IllegalStateException", seen.remove("result"));
        get("/?writerFirst");
        assertEquals("IllegalStateException", seen.remove("result"));
    }

    @Test
    void responseThatFitsTheBufferIsSentWithContentLength() throws Exception {
        startWith((req, resp) -> {
            resp.setBufferSize(1000);
            seen.put("bufferSize", resp.getBufferSize());
            resp.getOutputStream().write(new byte[999]);
            seen.put("committed", resp.isCommitted());
        });
        RawHttp.Response r = get("/");
        assertEquals("999", r.header("Content-Length"));
        assertNull(r.header("Transfer-Encoding"));
        assertEquals(false, seen.get("committed"));
        assertTrue((Integer) seen.get("bufferSize") >= 1000);
    }

    @Test
    void overflowingTheBufferCommitsAndLaterHeadersAreIgnored() throws Exception {
        startWith((req, resp) -> {
            resp.setBufferSize(100);
            ServletOutputStream out = resp.getOutputStream();
            out.write(new byte[100]);
            seen.put("atLimit", resp.isCommitted());
            out.write(1);
            seen.put("over", resp.isCommitted());
            resp.setHeader("X-Late", "1");
            resp.setStatus(404);
            seen.put("lateVisible", resp.containsHeader("X-Late"));
            seen.put("lateStatus", resp.getStatus());
        });
        RawHttp.Response r = get("/");
        assertEquals(200, r.status);
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals(101, r.body.length);
        assertNull(r.header("X-Late"));
        assertEquals(false, seen.get("atLimit"));
        assertEquals(true, seen.get("over"));
        assertEquals(false, seen.get("lateVisible"));
        assertEquals(200, seen.get("lateStatus"));
    }

    @Test
    void setBufferSizeAfterContentIsAnError() throws Exception {
        startWith((req, resp) -> {
            resp.getWriter().print("x");
            try {
                resp.setBufferSize(10_000);
                seen.put("result", "accepted");
            } catch (IllegalStateException e) {
                seen.put("result", "IllegalStateException");
            }
        });
        get("/");
        assertEquals("IllegalStateException", seen.get("result"));
    }

    @Test
    void flushBufferCommits() throws Exception {
        startWith((req, resp) -> {
            resp.setHeader("X-Early", "1");
            resp.getWriter().print("a");
            resp.flushBuffer();
            seen.put("committed", resp.isCommitted());
            resp.addHeader("X-Late", "1");
            resp.getWriter().print("b");
        });
        RawHttp.Response r = get("/");
        assertEquals("ab", r.text());
        assertEquals("1", r.header("X-Early"));
        assertNull(r.header("X-Late"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals(true, seen.get("committed"));
    }

    @Test
    void resetBufferKeepsHeadersAndResetClearsThem() throws Exception {
        startWith((req, resp) -> {
            resp.setStatus(202);
            resp.setHeader("X-Kept", "1");
            resp.getWriter().print("discarded");
            if (req.getParameter("full") != null) {
                resp.reset();
                resp.getOutputStream().print("after reset");   // reset also forgets the getWriter choice
            } else {
                resp.resetBuffer();
                resp.getWriter().print("after resetBuffer");
            }
        });
        RawHttp.Response partial = get("/");
        assertEquals(202, partial.status);
        assertEquals("1", partial.header("X-Kept"));
        assertEquals("after resetBuffer", partial.text());

        RawHttp.Response full = get("/?full");
        assertEquals(200, full.status);
        assertNull(full.header("X-Kept"));
        assertEquals("after reset", full.text());
    }

    @Test
    void resetAfterCommitIsAnError() throws Exception {
        startWith((req, resp) -> {
            resp.getWriter().print("x");
            resp.flushBuffer();
            List<String> results = new java.util.ArrayList<>();
            for (Runnable r : List.<Runnable>of(resp::reset, resp::resetBuffer)) {
                try {
                    r.run();
                    results.add("ok");
                } catch (IllegalStateException e) {
                    results.add("ISE");
                }
            }
            seen.put("results", results.toString());
        });
        assertEquals("x", get("/").text());
        assertEquals("[ISE, ISE]", seen.get("results"));
    }

    @Test
    void contentLengthClosesTheResponseWhenReached() throws Exception {
        startWith((req, resp) -> {
            resp.setContentLengthLong(5);
            ServletOutputStream out = resp.getOutputStream();
            out.write("hel".getBytes(StandardCharsets.US_ASCII));
            seen.put("before", resp.isCommitted());
            out.write("lo, and more".getBytes(StandardCharsets.US_ASCII));
            seen.put("after", resp.isCommitted());
            out.write("ignored".getBytes(StandardCharsets.US_ASCII));
        });
        RawHttp.Response r = get("/");
        assertEquals("5", r.header("Content-Length"));
        assertEquals("hello", r.text());
        // the response is complete on the wire before the servlet returns: wait for what it saw
        await("the servlet to finish", java.time.Duration.ofSeconds(5), () -> seen.containsKey("after"));
        assertEquals(false, seen.get("before"));
        assertEquals(true, seen.get("after"));
    }

    @Test
    void headGetsTheHeadersOfGetWithoutBody() throws Exception {
        startWith((req, resp) -> {
            resp.setContentType("text/plain");
            resp.getWriter().print("twelve bytes");
        });
        RawHttp.Response r = RawHttp.request(port(), "HEAD", "/", null);
        assertEquals(200, r.status);
        assertEquals("12", r.header("Content-Length"));
        assertEquals(0, r.body.length);
    }

    @Test
    void sendErrorSendsAnHtmlPageWithTheEscapedMessage() throws Exception {
        startWith((req, resp) -> {
            resp.setHeader("X-Kept", "yes");
            resp.getWriter().print("discarded");
            resp.sendError(418, "<teapot> & co");
            seen.put("committed", resp.isCommitted());
            resp.getWriter().print("ignored");
            resp.setStatus(200);
        });
        RawHttp.Response r = get("/");
        assertEquals(418, r.status);
        assertTrue(r.header("Content-Type").startsWith("text/html"));
        assertTrue(r.text().contains("&lt;teapot&gt; &amp; co"), r.text());
        assertFalse(r.text().contains("discarded"));
        assertFalse(r.text().contains("ignored"));
        assertEquals("yes", r.header("X-Kept"));
        assertEquals(true, seen.get("committed"));
    }

    @Test
    void sendErrorAfterCommitIsAnError() throws Exception {
        startWith((req, resp) -> {
            resp.getWriter().print("partial");
            resp.flushBuffer();
            try {
                resp.sendError(500);
                seen.put("result", "accepted");
            } catch (IllegalStateException e) {
                seen.put("result", "IllegalStateException");
            }
        });
        assertEquals("partial", get("/").text());
        assertEquals("IllegalStateException", seen.get("result"));
    }

    @Test
    void sendRedirectResolvesRelativeLocations() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("redirect", servlet((req, resp) -> {
            String to = req.getParameter("to");
            if (req.getParameter("permanent") != null) {
                resp.sendRedirect(to, 301);
            } else {
                resp.sendRedirect(to);
            }
        })).mapping("/dir/*");
        start(spec);
        assertEquals("http://example.org/app/dir/other", location("/app/dir/page?to=other"));
        assertEquals("http://example.org/app/x", location("/app/dir/page?to=../x"));
        assertEquals("http://example.org/elsewhere", location("/app/dir/page?to=/elsewhere"));
        assertEquals("http://cdn.example/x", location("/app/dir/page?to=//cdn.example/x"));
        assertEquals("https://other.example/y?z=1", location("/app/dir/page?to=https://other.example/y%3Fz%3D1"));
        assertEquals("http://example.org/app/dir/sub/a?b=c", location("/app/dir/page?to=./sub/a%3Fb%3Dc"));
        RawHttp.Response permanent = RawHttp.get(port(), "/app/dir/page?to=moved&permanent", "Host: example.org");
        assertEquals(301, permanent.status);
    }

    @Test
    void relativeRedirectResolvesAgainstTheCanonicalPath() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("redirect", servlet((req, resp) -> resp.sendRedirect(req.getParameter("to"))))
                .mapping("/dir/*");
        start(spec);
        assertEquals("http://example.org/app/dir/other", location("//evil.example/../app/dir/page?to=other"));
        assertEquals("http://example.org/app/dir/other", location("/app/dir;x=1/./page;y?to=other"));
        assertEquals("http://example.org/app/dir/a%20b/other", location("/app/dir/a%20b/page?to=other"));
    }

    private String location(String target) throws Exception {
        RawHttp.Response r = RawHttp.get(port(), target, "Host: example.org");
        assertEquals(302, r.status, r.toString());
        return r.header("Location");
    }

    @Test
    void addsCookiesWithTheirAttributes() throws Exception {
        startWith((req, resp) -> {
            Cookie plain = new Cookie("plain", "1");
            resp.addCookie(plain);
            Cookie full = new Cookie("full", "v");
            full.setMaxAge(60);
            full.setPath("/p");
            full.setDomain("Example.org");
            full.setSecure(true);
            full.setHttpOnly(true);
            full.setAttribute("SameSite", "Strict");
            resp.addCookie(full);
            Cookie delete = new Cookie("gone", "");
            delete.setMaxAge(0);
            resp.addCookie(delete);
            try {
                resp.addCookie(new Cookie("bad", "a;b"));
                seen.put("bad", "accepted");
            } catch (IllegalArgumentException e) {
                seen.put("bad", "IllegalArgumentException");
            }
        });
        List<String> cookies = get("/").headers("Set-Cookie");
        assertEquals(3, cookies.size(), cookies.toString());
        assertEquals("plain=1", cookies.get(0));
        String full = cookies.get(1);
        assertTrue(full.startsWith("full=v; Max-Age=60; Expires="), full);
        assertTrue(full.contains("; Domain=example.org; Path=/p; Secure; HttpOnly; SameSite=Strict"), full);
        assertTrue(cookies.get(2).startsWith("gone=; Expires=Thu, 01 Jan 1970"), cookies.get(2));
        assertEquals("IllegalArgumentException", seen.get("bad"));
    }

    /** RFC 6265 §4.1.1: max-age-av is a non-zero number; a cookie to delete now gets only an Expires in the past. */
    @Test
    void cookieWithMaxAgeZeroIsSentWithAPastExpiresAndNoMaxAge() throws Exception {
        startWith((req, resp) -> {
            Cookie cookie = new Cookie("name1", "value1");
            cookie.setMaxAge(0);
            resp.addCookie(cookie);
        });
        assertEquals(List.of("name1=value1; Expires=Thu, 01 Jan 1970 00:00:10 GMT"), get("/").headers("Set-Cookie"));
    }

    /** A value between DQUOTEs is a cookie-value too (RFC 6265 §4.1.1), so a received one can be sent back. */
    @Test
    void quotedCookieValueIsSentAsItIs() throws Exception {
        startWith((req, resp) -> resp.addCookie(new Cookie("name1", "\"value1\"")));
        assertEquals(List.of("name1=\"value1\""), get("/").headers("Set-Cookie"));
    }

    /** RFC 6265 §4.1.1: a ";" (or a control) in a path, domain or attribute would add attributes to Set-Cookie. */
    @Test
    void addCookieRefusesPartsThatWouldInjectCookieAttributes() throws Exception {
        Map<String, java.util.function.Consumer<Cookie>> attempts = new java.util.LinkedHashMap<>();
        attempts.put("path with ;", c -> c.setPath("/; Domain=evil.example"));
        attempts.put("path with CRLF", c -> c.setPath("/\r\nX-Evil: 1"));
        attempts.put("domain with ;", c -> c.setDomain("example.org; Secure"));
        attempts.put("domain with space", c -> c.setDomain("example.org evil"));
        attempts.put("domain with comma", c -> c.setDomain("a.example,b.example"));
        attempts.put("domain with CRLF", c -> c.setDomain("example.org\r\nX-Evil: 1"));
        attempts.put("attribute value with ;", c -> c.setAttribute("SameSite", "None; Partitioned"));
        attempts.put("attribute value with LF", c -> c.setAttribute("SameSite", "Lax\nX-Evil: 1"));
        attempts.put("value with space", c -> c.setValue("a b"));
        startWith((req, resp) -> {
            for (Map.Entry<String, java.util.function.Consumer<Cookie>> attempt : attempts.entrySet()) {
                Cookie cookie = new Cookie("c", "v");
                attempt.getValue().accept(cookie);
                try {
                    resp.addCookie(cookie);
                    seen.put(attempt.getKey(), "accepted");
                } catch (IllegalArgumentException e) {
                    seen.put(attempt.getKey(), "IllegalArgumentException");
                }
            }
            Cookie fine = new Cookie("ok", "v");
            fine.setPath("/a b,c");                 // path-value: any CHAR but controls and ";"
            fine.setAttribute("SameSite", "None");
            resp.addCookie(fine);
        });
        RawHttp.Response r = get("/");
        for (String attempt : attempts.keySet()) {
            assertEquals("IllegalArgumentException", seen.get(attempt), attempt);
        }
        assertEquals(List.of("ok=v; Path=/a b,c; SameSite=None"), r.headers("Set-Cookie"));
        assertNull(r.header("X-Evil"));
    }

    /** The check setHeader makes holds for every setter whose value ends in a header. */
    @Test
    void contentTypeAndCharacterEncodingRefuseLineBreaks() throws Exception {
        startWith((req, resp) -> {
            resp.setContentType("text/plain;charset=UTF-8");
            try {
                resp.setContentType("text/html\r\nX-Evil: 1");
                seen.put("type", "accepted");
            } catch (IllegalArgumentException e) {
                seen.put("type", "IllegalArgumentException");
            }
            try {
                resp.setCharacterEncoding("UTF-8\nX-Evil: 1");
                seen.put("encoding", "accepted");
            } catch (IllegalArgumentException e) {
                seen.put("encoding", "IllegalArgumentException");
            }
            resp.getWriter().print("body");
        });
        RawHttp.Response r = get("/");
        assertEquals("IllegalArgumentException", seen.get("type"));
        assertEquals("IllegalArgumentException", seen.get("encoding"));
        assertEquals("text/plain;charset=UTF-8", r.header("Content-Type"));
        assertNull(r.header("X-Evil"));
    }

    @Test
    void encodeUrlLeavesUrlsAloneWithoutASession() throws Exception {
        startWith((req, resp) -> resp.getWriter().print(resp.encodeURL("/a?b=c") + "|" + resp.encodeRedirectURL("x")));
        assertEquals("/a?b=c|x", get("/").text());
    }

    @Test
    void sendsTrailerFieldsOnAChunkedResponse() throws Exception {
        startWith((req, resp) -> {
            resp.setTrailerFields(() -> Map.of("X-Checksum", "abc123"));
            resp.getWriter().print("body");
        });
        RawHttp.Response r = get("/");
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("body", r.text());
        assertEquals("abc123", r.trailers.get("X-Checksum"));
    }

    @Test
    void trailerFieldsNeedHttp11() throws Exception {
        startWith((req, resp) -> {
            try {
                resp.setTrailerFields(() -> Map.of("X-T", "1"));
                resp.getWriter().print("accepted");
            } catch (IllegalStateException e) {
                resp.getWriter().print("IllegalStateException");
            }
        });
        try (java.net.Socket s = RawHttp.connect(port())) {
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("IllegalStateException", RawHttp.read(s.getInputStream(), false).text());
        }
    }
}
