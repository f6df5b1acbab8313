package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7239's grammar and the X-Forwarded-* values, one rule a test; bad input is null, never an exception. */
class ForwardedHeaderTest {

    private static List<ForwardedElement> parse(String... lines) {
        return ForwardedHeader.parse(List.of(lines));
    }

    @Test
    void readsTheRfcExamples() {
        assertEquals(List.of(new ForwardedElement("192.0.2.60", "203.0.113.43", null, "http")),
                parse("for=192.0.2.60;proto=http;by=203.0.113.43"));
        assertEquals(List.of(new ForwardedElement("192.0.2.43", null, null, null),
                new ForwardedElement("198.51.100.17", null, null, null)), parse("for=192.0.2.43, for=198.51.100.17"));
        assertEquals(List.of(new ForwardedElement("[2001:db8:cafe::17]:4711", null, null, null)),
                parse("For=\"[2001:db8:cafe::17]:4711\""));
    }

    @Test
    void namesAreCaseInsensitiveAndUnknownParametersSkipped() {
        assertEquals(List.of(new ForwardedElement("a", null, "h", "https")),
                parse("FOR=a;Ext=\"x,y;z\";HOST=h;Proto=https"));
    }

    @Test
    void quotedStringsUnescapeAndMayHoldSeparators() {
        assertEquals("a\"b,c;d", parse("host=\"a\\\"b,c;d\"").get(0).host());
    }

    @Test
    void severalLinesAreOneListAndEmptyElementsAreSkipped() {
        assertEquals(3, parse("for=a, ,for=b", "for=c").size());
    }

    @Test
    void malformedFieldsAreNull() {
        for (String bad : new String[] {"for", "for=", "=x", "for=a;for=b", "for=\"open", "for=\"a\\", "for=a b",
            "for = a", ",", "", "for=\"\u0001\"", "for=\u0100"}) {
            assertNull(parse(bad), bad);
            assertEquals(true, ForwardedHeader.fault(List.of(bad)) != null, bad);
        }
        assertNull(parse("for=a," + "x".repeat(ForwardedHeader.MAX_LENGTH)));
    }

    @Test
    void nodesAreAddressesWithPortsOrUnknownOrObfuscated() throws Exception {
        assertEquals(new ForwardedNode(InetAddress.getByName("192.0.2.1"), -1), ForwardedValues.node("192.0.2.1"));
        assertEquals(new ForwardedNode(InetAddress.getByName("192.0.2.1"), 80), ForwardedValues.node("192.0.2.1:80"));
        assertEquals(new ForwardedNode(InetAddress.getByName("::1"), 8080), ForwardedValues.node("[::1]:8080"));
        assertEquals(new ForwardedNode(InetAddress.getByName("2001:db8::1"), -1), ForwardedValues.node("2001:db8::1"));
        assertEquals(new ForwardedNode(InetAddress.getByName("192.0.2.1"), -1), ForwardedValues.node("192.0.2.1:_p"));
        assertEquals(new ForwardedNode(null, -1), ForwardedValues.node("unknown"));
        assertEquals(new ForwardedNode(null, -1), ForwardedValues.node("_gazonk"));
        for (String bad : new String[] {"", "_", "host.example", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.1.1.1",
            "1.2.3.4:", "1.2.3.4:0", "1.2.3.4:65536", "[::1", "[::1]x", "::g", "fe80::1%eth0", "[1.2.3.4]:80x"}) {
            assertNull(ForwardedValues.node(bad), bad);
        }
    }

    @Test
    void listsAreTrimmedAndRefuseEmptyEntries() {
        assertEquals(List.of("a", "b", "c"), ForwardedValues.list(List.of(" a ,b", "c")));
        assertEquals(List.of(), ForwardedValues.list(List.of()));
        assertNull(ForwardedValues.list(List.of("a,,b")));
        assertNull(ForwardedValues.list(List.of("a,".repeat(ForwardedValues.MAX_ENTRIES) + "a")));
    }

    @Test
    void protoHostPortAndPrefixAreCheckedValues() {
        assertEquals("https", ForwardedValues.proto("HTTPS"));
        assertNull(ForwardedValues.proto("ftp"));
        assertEquals("example.com:8443", ForwardedValues.host("example.com:8443"));
        assertEquals("[::1]:80", ForwardedValues.host("[::1]:80"));
        assertNull(ForwardedValues.host("a/b"));
        assertNull(ForwardedValues.host(""));
        assertNull(ForwardedValues.host(":80"));
        assertEquals(443, ForwardedValues.port("443"));
        assertEquals(-1, ForwardedValues.port("-1"));
        assertEquals(-1, ForwardedValues.port("123456"));
        assertEquals("/shop", ForwardedValues.prefix("/shop/"));
        assertEquals("/a/b%20c", ForwardedValues.prefix("/a/b%20c"));
        assertEquals("", ForwardedValues.prefix("/"));
        for (String bad : new String[] {"", "shop", "//x", "/a//b", "/./a", "/a/..", "/a?b", "/a#b", "/a;b", "/%zz",
            "/a b", "/\u00e9"}) {
            assertNull(ForwardedValues.prefix(bad), bad);
        }
    }
}
