package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portico.server.Origin;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AuthorityTest {
    private static final InetSocketAddress LOCAL = InetSocketAddress.createUnresolved("10.0.0.1", 8080);
    /** A connection over TLS, no proxy in between. */
    private static final Origin TLS = Origin.direct(InetSocketAddress.createUnresolved("10.0.0.2", 50000), true);

    @Test
    void takesHostAndPortFromTheHostHeader() {
        assertEquals(new Authority("http", "example.com", 8443), Authority.of("example.com:8443", LOCAL));
        assertEquals(new Authority("http", "example.com", 80), Authority.of("example.com", LOCAL));
    }

    @Test
    void anEmptyOrUnreadablePortIsTheDefault() {
        assertEquals(80, Authority.of("example.com:", LOCAL).port());
        assertEquals(80, Authority.of("example.com:x", LOCAL).port());
    }

    @Test
    void keepsTheBracketsOfAnIpv6Literal() {
        assertEquals(new Authority("http", "[::1]", 80), Authority.of("[::1]", LOCAL));
        assertEquals(new Authority("http", "[::1]", 9000), Authority.of("[::1]:9000", LOCAL));
    }

    @Test
    void withoutHostUsesTheLocalAddress() {
        assertEquals(new Authority("http", "10.0.0.1", 8080), Authority.of((String) null, LOCAL));
        assertEquals(new Authority("http", "10.0.0.1", 8080), Authority.of("", LOCAL));
    }

    @Test
    void leavesTheDefaultPortOutOfUrls() {
        assertEquals("http://example.com/app/x", Authority.of("example.com:80", LOCAL).requestUrl("/app/x").toString());
        assertEquals("http://[::1]:9000/app/x", Authority.of("[::1]:9000", LOCAL).requestUrl("/app/x").toString());
    }

    @Test
    void overTlsTheDefaultPortIs443() {
        assertEquals(new Authority("https", "example.com", 443), Authority.of(TLS, "example.com", LOCAL));
        assertEquals("https://example.com/x", Authority.of(TLS, "example.com:443", LOCAL).requestUrl("/x")
                .toString());
        assertEquals("https://example.com:80/x", Authority.of(TLS, "example.com:80", LOCAL).requestUrl("/x")
                .toString());
        assertEquals("https://example.com/y", Authority.of(TLS, "example.com", LOCAL).absolute("/y", "/x"));
    }

    @Test
    void resolvesRedirectLocations() {
        Authority authority = Authority.of("example.com:8080", LOCAL);
        assertEquals("ftp://elsewhere/", authority.absolute("ftp://elsewhere/", "/app/a/b"));
        assertEquals("http://other.example/x", authority.absolute("//other.example/x", "/app/a/b"));
        assertEquals("http://example.com:8080/root", authority.absolute("/root", "/app/a/b"));
        assertEquals("http://example.com:8080/app/a/c", authority.absolute("c", "/app/a/b"));
        assertEquals("http://example.com:8080/app/c", authority.absolute("../c", "/app/a/b"));
    }
}
