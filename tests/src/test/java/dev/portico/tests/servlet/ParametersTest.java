package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.http.HttpLimits;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request parameters (Servlet 6.1 §3.1): sources, order, charsets, immutability and limits. */
class ParametersTest extends ServletTestSupport {

    @BeforeEach
    void startProbe() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("params", servlet((req, resp) -> {
            String set = req.getHeader("X-Set-Encoding");
            if (set != null) {
                req.setCharacterEncoding(set);
            }
            resp.setContentType("text/plain;charset=UTF-8");
            StringBuilder sb = new StringBuilder();
            for (String name : Collections.list(req.getParameterNames())) {
                sb.append(name).append('=').append(Arrays.toString(req.getParameterValues(name))).append('\n');
            }
            sb.append("#first=").append(req.getParameter("a")).append('\n');
            sb.append("#mapSize=").append(req.getParameterMap().size()).append('\n');
            sb.append("#body=").append(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .append('\n');
            resp.getWriter().print(sb);
        })).mapping("/params");
        spec.servlet("immutable", servlet((req, resp) -> {
            String result;
            try {
                req.getParameterMap().put("x", new String[] {"y"});
                result = "mutable";
            } catch (UnsupportedOperationException e) {
                result = "immutable";
            }
            req.getParameterValues("a")[0] = "changed";
            resp.getWriter().print(result + "," + req.getParameter("a"));
        })).mapping("/immutable");
        spec.servlet("streamFirst", servlet((req, resp) -> {
            byte[] body = req.getInputStream().readAllBytes();
            resp.getWriter().print(body.length + "," + req.getParameter("a"));
        })).mapping("/streamFirst");
        spec.servlet("catching", servlet((req, resp) -> {
            String first;
            try {
                first = "a=" + req.getParameter("a");
            } catch (IllegalStateException e) {
                first = "refused";
            }
            resp.getWriter().print(first + ",q=" + req.getParameter("q") + ",a=" + req.getParameter("a"));
        })).mapping("/catching");
        start(spec);
    }

    @Test
    void queryParametersComeBeforeBodyParametersOfTheSameName() throws Exception {
        Map<String, String> m = post("/params?a=q1&b=q&a=q2", "a=b1&c=body").lines();
        assertEquals("[q1, q2, b1]", m.get("a"));
        assertEquals("[q]", m.get("b"));
        assertEquals("[body]", m.get("c"));
        assertEquals("q1", m.get("#first"));
        assertEquals("3", m.get("#mapSize"));
        assertEquals("", m.get("#body"), "the form body was consumed by the parameters");
    }

    @Test
    void decodesPlusAndEscapesAndKeepsEmptyValues() throws Exception {
        Map<String, String> m = get("/params?a=x+y%21&empty=&flag&=nameless").lines();
        assertEquals("[x y!]", m.get("a"));
        assertEquals("[]", m.get("empty"));
        assertEquals("[]", m.get("flag"));
        assertEquals(3, m.keySet().stream().filter(k -> !k.startsWith("#")).count());
    }

    @Test
    void bodyIsOnlyParsedForFormPosts() throws Exception {
        Map<String, String> put = RawHttp.request(port(), "PUT", "/params", "a=1".getBytes(StandardCharsets.US_ASCII),
                "Content-Type: application/x-www-form-urlencoded").lines();
        assertEquals("null", put.get("#first"));
        assertEquals("a=1", put.get("#body"));
        Map<String, String> text = RawHttp.post(port(), "/params", "text/plain",
                "a=1".getBytes(StandardCharsets.US_ASCII)).lines();
        assertEquals("null", text.get("#first"));
        assertEquals("a=1", text.get("#body"));
    }

    @Test
    void bodyAlreadyReadByTheAppIsNotParsed() throws Exception {
        assertEquals("3,null", post("/streamFirst", "a=1").text());
        assertEquals("3,q", post("/streamFirst?a=q", "a=1").text());
    }

    @Test
    void parameterMapIsImmutable() throws Exception {
        assertEquals("immutable,1", get("/immutable?a=1").text());
    }

    @Test
    void queryStringIsUtf8ByDefault() throws Exception {
        Map<String, String> m = get("/params?a=%C3%A9t%C3%A9&b=%E2%82%AC").lines();
        assertEquals("[été]", m.get("a"));
        assertEquals("[€]", m.get("b"));
    }

    @Test
    void formBodyIsDecodedInTheRequestCharset() throws Exception {
        byte[] latin1 = "a=%E9t%E9".getBytes(StandardCharsets.US_ASCII);
        assertEquals("[été]", RawHttp.post(port(), "/params", "application/x-www-form-urlencoded", latin1)
                .lines().get("a"), "ISO-8859-1 is the default for bodies");
        byte[] utf8 = "a=%C3%A9t%C3%A9".getBytes(StandardCharsets.US_ASCII);
        assertEquals("[été]", RawHttp.post(port(), "/params", "application/x-www-form-urlencoded; charset=UTF-8",
                utf8).lines().get("a"));
        assertEquals("[été]", RawHttp.post(port(), "/params", "application/x-www-form-urlencoded", utf8,
                "X-Set-Encoding: UTF-8").lines().get("a"), "setCharacterEncoding before reading");
        byte[] raw = "a=été".getBytes(StandardCharsets.UTF_8);
        assertEquals("[été]", RawHttp.post(port(), "/params", "application/x-www-form-urlencoded;charset=utf-8",
                raw).lines().get("a"), "raw octets are decoded like escapes");
    }

    @Test
    void explicitCharsetAlsoAppliesToTheQueryString() throws Exception {
        Map<String, String> m = RawHttp.get(port(), "/params?a=%E9", "X-Set-Encoding: ISO-8859-1").lines();
        assertEquals("[é]", m.get("a"));
    }

    @Test
    void acceptsAThousandParametersAndRefusesMoreWith413() throws Exception {
        StringBuilder ok = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            ok.append(i == 0 ? "" : "&").append("p").append(i).append("=v");
        }
        RawHttp.Response fine = post("/params", ok.toString());
        assertEquals(200, fine.status);
        assertEquals("1000", fine.lines().get("#mapSize"));

        RawHttp.Response tooMany = post("/params", ok + "&one=more");
        assertEquals(413, tooMany.status, tooMany.toString());
        assertTrue(tooMany.text().contains("413"));

        RawHttp.Response split = post("/params?q=1", ok.toString());
        assertEquals(413, split.status, "query and body count together");
    }

    @Test
    void formLargerThanTheFormLimitIs413WhileTheSameBodyReadAsAStreamIsFine() throws Exception {
        byte[] limit = ("a=" + "x".repeat((int) HttpLimits.DEFAULT_MAX_FORM_SIZE - 2))
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(200, RawHttp.post(port(), "/params", "application/x-www-form-urlencoded", limit).status,
                "a form of exactly the limit is read");
        byte[] over = ("a=" + "x".repeat((int) HttpLimits.DEFAULT_MAX_FORM_SIZE - 1))
                .getBytes(StandardCharsets.US_ASCII);
        // Only the head: a declared length over the limit is refused before any body byte is read, and the server
        // closes while a client that went on writing the body could meet a broken pipe.
        RawHttp.Response tooLarge;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.getOutputStream().write(("POST /params HTTP/1.1\r\nHost: h\r\nContent-Type: "
                    + "application/x-www-form-urlencoded\r\nContent-Length: " + over.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            tooLarge = RawHttp.read(socket.getInputStream(), false);
        }
        assertEquals(413, tooLarge.status, tooLarge.statusLine);
        assertEquals("close", tooLarge.header("Connection"));
        assertEquals(over.length + ",null", RawHttp.post(port(), "/streamFirst", "application/x-www-form-urlencoded",
                over).text(), "the form limit is for parameters only, not for a body the app reads itself");
    }

    @Test
    void afterARefusedFormTheRequestHasItsQueryParametersAlone() throws Exception {
        String over = "a=" + "x".repeat((int) HttpLimits.DEFAULT_MAX_FORM_SIZE);
        assertEquals("refused,q=1,a=null", post("/catching?q=1", over).text());
    }

    @Test
    void formLimitIsAnOption() throws Exception {
        portico.stop();
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("params", servlet((req, resp) -> resp.getWriter().print(req.getParameter("a"))))
                .mapping("/params");
        start(ServerOptions.defaults().withLimits(HttpLimits.defaults().withMaxFormSize(10).withMaxParameters(2)),
                spec);
        assertEquals("12345678", post("/params", "a=12345678").text());
        assertEquals(413, post("/params", "a=123456789").status);
        assertEquals(413, post("/params?b=1&c=2", "a=1").status);
    }

    @Test
    void malformedEscapesAre400() throws Exception {
        assertEquals(400, get("/params?a=%zz").status);
        assertEquals(400, get("/params?a=%4").status);
        assertEquals(400, RawHttp.post(port(), "/params", "application/x-www-form-urlencoded;charset=UTF-8",
                "a=%C3%28".getBytes(StandardCharsets.US_ASCII)).status);
        assertEquals(400, RawHttp.post(port(), "/params", "application/x-www-form-urlencoded;charset=x-nonsense",
                "a=1".getBytes(StandardCharsets.US_ASCII)).status);
    }
}
