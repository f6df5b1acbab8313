package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.server.Exchange;
import dev.portico.server.ServerOptions;
import dev.portico.server.TrustedProxies;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Forwarding fields through real sockets: believed from a trusted peer only, the client found from the right of
 * the chain, Forwarded over X-Forwarded-*, and malformed values ignored (never a 500). An untrusted peer is a client
 * bound to the loopback alias 127.0.0.5 while only 127.0.0.1 is trusted.
 */
class ForwardedHeadersTest extends ServletTestSupport {
    private static final String UNTRUSTED_LOOPBACK = "127.0.0.5";
    private final List<String> logged = new CopyOnWriteArrayList<>();

    /** A probe at /app/* that prints what the servlet sees; {@code ?redirect=L} answers sendRedirect(L) instead. */
    private void startProbe(String trusted) throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("probe", servlet((req, resp) -> {
            if (req.getParameter("session") != null) {
                req.getSession(true);
            }
            String redirect = req.getParameter("redirect");
            if (redirect != null) {
                resp.sendRedirect(redirect);
                return;
            }
            resp.getWriter().print("remoteAddr=" + req.getRemoteAddr() + "\nremoteHost=" + req.getRemoteHost()
                    + "\nremotePort=" + req.getRemotePort() + "\nscheme=" + req.getScheme()
                    + "\nsecure=" + req.isSecure() + "\nserverName=" + req.getServerName()
                    + "\nserverPort=" + req.getServerPort() + "\nurl=" + req.getRequestURL()
                    + "\ncontextPath=" + req.getContextPath() + "\nrequestURI=" + req.getRequestURI()
                    + "\nservletPath=" + req.getServletPath() + "\npathInfo=" + req.getPathInfo()
                    + "\nlocalAddr=" + req.getLocalAddr() + "\n");
        })).mapping("/*");
        Portico.Builder builder = Portico.builder().options(ServerOptions.defaults()).port(0).context(spec)
                .requestLog((Exchange exchange, long nanos) -> logged.add(exchange.origin().clientAddress()));
        if (trusted != null) {
            builder.trustedProxies(TrustedProxies.parse(trusted));
        }
        portico = builder.build().start();
    }

    private Map<String, String> probe(String... headers) throws IOException {
        RawHttp.Response r = get("/app/x/y", headers);
        assertEquals(200, r.status, r::toString);
        return r.lines();
    }

    private Map<String, String> probeFrom(String localAddress, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port()));
            socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
            RawHttp.write(socket.getOutputStream(), "GET", "/app/x/y", null, true, headers);
            RawHttp.Response r = RawHttp.read(socket.getInputStream());
            assertEquals(200, r.status, r::toString);
            return r.lines();
        }
    }

    @Test
    void withoutForwardingFieldsTheConnectionIsTheClient() throws Exception {
        startProbe(null);
        Map<String, String> m = probe("Host: example.com");
        assertEquals("127.0.0.1", m.get("remoteAddr"));
        assertEquals("http", m.get("scheme"));
        assertEquals("http://example.com/app/x/y", m.get("url"));
    }

    @Test
    void loopbackIsTrustedByDefault() throws Exception {
        startProbe(null);
        Map<String, String> m = probe("Host: internal:8080", "X-Forwarded-For: 203.0.113.7",
                "X-Forwarded-Proto: https", "X-Forwarded-Host: shop.example", "X-Forwarded-Port: 8443");
        assertEquals("203.0.113.7", m.get("remoteAddr"));
        assertEquals("203.0.113.7", m.get("remoteHost"));
        assertEquals("0", m.get("remotePort"), "a client named without a port has port 0");
        assertEquals("https", m.get("scheme"));
        assertEquals("true", m.get("secure"), "https forwarded over plain HTTP");
        assertEquals("shop.example", m.get("serverName"));
        assertEquals("8443", m.get("serverPort"));
        assertEquals("https://shop.example:8443/app/x/y", m.get("url"));
        assertEquals("127.0.0.1", m.get("localAddr"), "the local end is still the connection's");
        await("the request log", Duration.ofSeconds(10), () -> !logged.isEmpty());   // told after the response
        assertEquals(List.of("203.0.113.7"), logged, "the request log sees the forwarded client");
    }

    @Test
    void forwardedHttpsWithoutAPortIsOnPort443() throws Exception {
        startProbe(null);
        Map<String, String> m = probe("Host: shop.example", "X-Forwarded-Proto: HTTPS");
        assertEquals("443", m.get("serverPort"));
        assertEquals("https://shop.example/app/x/y", m.get("url"));
    }

    @Test
    void fieldsFromAnUntrustedPeerAreIgnored() throws Exception {
        startProbe("127.0.0.1");
        Map<String, String> m = probeFrom(UNTRUSTED_LOOPBACK, "Host: example.com",
                "X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example",
                "Forwarded: for=198.51.100.1;proto=https;host=evil.example", "X-Forwarded-Prefix: /evil");
        assertEquals(UNTRUSTED_LOOPBACK, m.get("remoteAddr"));
        assertEquals("http", m.get("scheme"));
        assertEquals("false", m.get("secure"));
        assertEquals("http://example.com/app/x/y", m.get("url"));
        assertEquals("/app", m.get("contextPath"));
        await("the request log", Duration.ofSeconds(10), () -> !logged.isEmpty());
        assertEquals(List.of(UNTRUSTED_LOOPBACK), logged);
    }

    @Test
    void noneTrustsNoOne() throws Exception {
        startProbe("none");
        Map<String, String> m = probe("X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https");
        assertEquals("127.0.0.1", m.get("remoteAddr"));
        assertEquals("http", m.get("scheme"));
    }

    @Test
    void theClientIsTheRightmostUntrustedAddressOfTheChain() throws Exception {
        startProbe("127.0.0.1,10.0.0.0/8");
        // 192.0.2.66 is what the client itself claimed; 203.0.113.7 is what the first trusted proxy (10.1.1.1) saw
        Map<String, String> m = probe("X-Forwarded-For: 192.0.2.66, 203.0.113.7, 10.1.1.1");
        assertEquals("203.0.113.7", m.get("remoteAddr"));
        m = probe("X-Forwarded-For: 192.0.2.66", "X-Forwarded-For: 203.0.113.7, 10.1.1.1");
        assertEquals("203.0.113.7", m.get("remoteAddr"), "several field lines are one list");
        m = probe("Forwarded: for=192.0.2.66, for=203.0.113.7;proto=https, for=10.1.1.1;proto=http");
        assertEquals("203.0.113.7", m.get("remoteAddr"));
        assertEquals("https", m.get("scheme"), "scheme from the element that named the client");
    }

    @Test
    void allTrustedLeavesTheLeftmostAsClient() throws Exception {
        startProbe("*");
        Map<String, String> m = probe("X-Forwarded-For: 10.0.0.1, 10.0.0.2");
        assertEquals("10.0.0.1", m.get("remoteAddr"));
    }

    @Test
    void anUnknownOrObfuscatedNodeEndsTheWalkAtTheNearestKnownAddress() throws Exception {
        startProbe("127.0.0.1,10.0.0.0/8");
        assertEquals("10.0.0.2", probe("Forwarded: for=_hidden, for=10.0.0.2").get("remoteAddr"));
        assertEquals("127.0.0.1", probe("Forwarded: for=unknown;proto=https").get("remoteAddr"));
        assertEquals("https", probe("Forwarded: for=unknown;proto=https").get("scheme"));
        assertEquals("10.0.0.2", probe("X-Forwarded-For: unknown, 10.0.0.2").get("remoteAddr"));
    }

    @Test
    void forwardedTakesQuotedValuesIpv6AndPorts() throws Exception {
        startProbe(null);
        Map<String, String> m = probe("Forwarded: For=\"[2001:db8:cafe::17]:4711\";Proto=https;Host=\"shop.example:8443\"");
        assertEquals("2001:db8:cafe:0:0:0:0:17", m.get("remoteAddr"), "the JDK's text form of the address");
        assertEquals("4711", m.get("remotePort"));
        assertEquals("https://shop.example:8443/app/x/y", m.get("url"));
        m = probe("X-Forwarded-For: 2001:db8::1");
        assertEquals("2001:db8:0:0:0:0:0:1", m.get("remoteAddr"), "a bare IPv6 address in X-Forwarded-For");
        m = probe("X-Forwarded-For: [2001:db8::1]:80, 203.0.113.7:5555", "X-Forwarded-Host: [2001:db8::2]:9000");
        assertEquals("203.0.113.7", m.get("remoteAddr"));
        assertEquals("5555", m.get("remotePort"));
        assertEquals("[2001:db8::2]", m.get("serverName"));
        assertEquals("9000", m.get("serverPort"));
    }

    @Test
    void forwardedWinsOverXForwarded() throws Exception {
        startProbe(null);
        Map<String, String> m = probe("X-Forwarded-For: 192.0.2.1", "X-Forwarded-Proto: http",
                "X-Forwarded-Host: x.example", "X-Forwarded-Port: 81",
                "Forwarded: for=203.0.113.7;proto=https;host=f.example");
        assertEquals("203.0.113.7", m.get("remoteAddr"));
        assertEquals("https://f.example/app/x/y", m.get("url"), "X-Forwarded-Port is not mixed into Forwarded");
    }

    @Test
    void aMalformedForwardedFallsBackToXForwarded() throws Exception {
        startProbe(null);
        Map<String, String> m = probe("Forwarded: for=\"unterminated", "X-Forwarded-For: 192.0.2.1");
        assertEquals("192.0.2.1", m.get("remoteAddr"));
    }

    @Test
    void malformedValuesAreIgnored() throws Exception {
        startProbe(null);
        String[][] cases = {
            {"Forwarded: for=1.2.3.4;for=5.6.7.8"},            // a parameter twice in one element
            {"Forwarded: for"},
            {"Forwarded: ;;,,"},
            {"Forwarded: for=\"1.2.3.4\\\""},              // the closing quote escaped
            {"X-Forwarded-For: 1.2.3.4,,5.6.7.8"},
            {"X-Forwarded-For: not-an-address"},
            {"X-Forwarded-For: 01.2.3.4"},
            {"X-Forwarded-For: 1.2.3.4.5"},
            {"X-Forwarded-For: [::1"},
            {"X-Forwarded-For: fe80::1%eth0"},
            {"X-Forwarded-For: 1.2.3.4:99999"},
            {"X-Forwarded-Proto: gopher"},
            {"X-Forwarded-Host: a b"},
            {"X-Forwarded-Host: user@host"},
            {"X-Forwarded-Port: 0"},
            {"X-Forwarded-Port: 80a"},
            {"X-Forwarded-Prefix: /../etc"},
            {"X-Forwarded-Prefix: relative"},
            {"X-Forwarded-Prefix: /a?b"},
            {"X-Forwarded-Prefix: /a;jsessionid=1"},
            {"X-Forwarded-Prefix: //evil.example"},
        };
        for (String[] headers : cases) {
            Map<String, String> m = probe(headers);
            assertEquals("127.0.0.1", m.get("remoteAddr"), () -> String.join(" ", headers));
            assertEquals("http://localhost/app/x/y", m.get("url"), () -> String.join(" ", headers));
            assertEquals("/app", m.get("contextPath"), () -> String.join(" ", headers));
        }
    }

    @Test
    void prefixIsPartOfTheContextPathAndTheRequestUri() throws Exception {
        startProbe(null);
        Map<String, String> m = probe("X-Forwarded-Prefix: /shop/", "X-Forwarded-Host: example.com");
        assertEquals("/shop/app", m.get("contextPath"));
        assertEquals("/shop/app/x/y", m.get("requestURI"));
        assertEquals(m.get("requestURI"), m.get("contextPath") + m.get("servletPath") + m.get("pathInfo"));
        assertEquals("http://example.com/shop/app/x/y", m.get("url"));
        assertEquals("/app", probe("X-Forwarded-Prefix: /").get("contextPath"), "/ is no prefix");
    }

    @Test
    void theSessionCookiePathHasThePrefix() throws Exception {
        startProbe(null);
        RawHttp.Response r = get("/app/x?session=1", "X-Forwarded-Prefix: /shop");
        String cookie = r.header("Set-Cookie");
        assertTrue(cookie != null && cookie.contains("Path=/shop/app"), () -> "the browser's path: " + cookie);
    }

    @Test
    void redirectsKeepTheForwardedOrigin() throws Exception {
        startProbe(null);
        String[] proxy = {"Host: 127.0.0.1:8080", "X-Forwarded-Proto: https", "X-Forwarded-Host: shop.example",
            "X-Forwarded-Prefix: /shop"};
        RawHttp.Response r = get("/app/x/y?redirect=z", proxy);
        assertEquals(302, r.status);
        assertEquals("https://shop.example/shop/app/x/z", r.header("Location"), "relative to the client's path");
        r = get("/app/x/y?redirect=/elsewhere", proxy);
        assertEquals("https://shop.example/elsewhere", r.header("Location"), "/ is the client's server root");
    }

    @Test
    void chainedXForwardedValuesArePickedFromTheClientsHop() throws Exception {
        startProbe("127.0.0.1,10.0.0.0/8");
        // two hops appending: the edge proxy (10.0.0.9) saw https from 203.0.113.7, the inner one http from 10.0.0.9
        Map<String, String> m = probe("X-Forwarded-For: 203.0.113.7, 10.0.0.9", "X-Forwarded-Proto: https, http",
                "X-Forwarded-Host: shop.example, inner.local");
        assertEquals("203.0.113.7", m.get("remoteAddr"));
        assertEquals("https://shop.example/app/x/y", m.get("url"));
        // lists of other lengths: the rightmost entry, written by the nearest proxy
        m = probe("X-Forwarded-For: 203.0.113.7, 10.0.0.9", "X-Forwarded-Proto: https");
        assertEquals("https", m.get("scheme"));
    }

    @Test
    void trustedProxiesParseAndRefuse() {
        assertEquals("127.0.0.1,0:0:0:0:0:0:0:1,10.0.0.0/8,fd00:0:0:0:0:0:0:0/8",
                TrustedProxies.parse("127.0.0.1, ::1,10.1.2.3/8,fd00::/8").toString());
        assertTrue(TrustedProxies.parse("*").trusts(InetAddress.getLoopbackAddress()));
        for (String bad : new String[] {"", "localhost", "10.0.0.0/33", "::1/129", "1.2.3.4:80", "10.0.0.0/", "1,,2"}) {
            try {
                TrustedProxies.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("'"), expected::getMessage);
            }
        }
    }
}
