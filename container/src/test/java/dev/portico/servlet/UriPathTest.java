package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriPathTest {
    @Test
    void keepsACanonicalPathAsItIs() {
        String path = "/shop/cart/items";
        assertSame(path, UriPath.canonicalize(path));
    }

    @Test
    void findsAPathParameterInAnySegment() {
        assertEquals("abc", UriPath.pathParameter("/shop;jsessionid=abc/cart", "jsessionid"));
        assertEquals("abc", UriPath.pathParameter("/shop/cart;v=1;jsessionid=abc", "jsessionid"));
        assertEquals("", UriPath.pathParameter("/a;jsessionid=", "jsessionid"));
        assertNull(UriPath.pathParameter("/a;jsessionidx=1;xjsessionid=2", "jsessionid"));
        assertNull(UriPath.pathParameter("/a/b", "jsessionid"));
    }

    @Test
    void decodesAndRemovesDotSegmentsAndPathParameters() {
        assertEquals("/a b/c", UriPath.canonicalize("/a%20b/./c"));
        assertEquals("/b", UriPath.canonicalize("/a/../b"));
        assertEquals("/a/", UriPath.canonicalize("/a/b/.."));
        assertEquals("/a/", UriPath.canonicalize("/a/."));
        assertEquals("/a/b", UriPath.canonicalize("/a//b"));
        assertEquals("/a/b", UriPath.canonicalize("/a;x=1/b;jsessionid=2"));
        assertEquals("/été", UriPath.canonicalize("/%C3%A9t%C3%A9"));
        assertEquals("/", UriPath.canonicalize(""));
        assertEquals("/", UriPath.canonicalize("/."));
    }

    @Test
    void refusesWhatCannotBeMadeSafe() {
        assertNull(UriPath.canonicalize("/.."));
        assertNull(UriPath.canonicalize("/a/../.."));
        assertNull(UriPath.canonicalize("/%2e%2e/x"));
        assertNull(UriPath.canonicalize("/a%2fb"));
        assertNull(UriPath.canonicalize("/a%5cb"));
        assertNull(UriPath.canonicalize("/a%00"));
        assertNull(UriPath.canonicalize("/a%G0"));
        assertNull(UriPath.canonicalize("/a%C3"));
        assertNull(UriPath.canonicalize("relative"));
    }

    /** The suspicious sequences of Servlet 6.1 §3.5.2, each of which the spec's examples answer with 400. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/foo/%2e/bar", "/foo/%2E%2e/bar", "/foo/.%2e/bar", "/foo/%2e./bar", "/foo/bar/%2e%2e", // encoded dot segment
        "/foo/.;/bar", "/foo/..;/bar", "/foo/bar/..;", "/foo/%2e;/bar", "/foo/..;x=1/bar",     // dot segment with a ;
        "/;/foo", "/foo/;/../bar", "/foo/;x/bar",                                           // empty segment with a ;
        "/foo%2Fbar", "/foo;%2F/bar", "/foo/..%2Fbar",                                      // encoded "/"
        "/foo\\bar", "/foo%5Cbar", "/foo/..%5Cbar", "/foo/..\\bar",                          // "\", encoded or not
        "/foo%00/bar", "/foo%7Fbar", "/foo%0Abar", "/foo\u0001bar",                          // controls
        "/../foo", "/foo/../../bar", "/foo/%2e%2e/%2E%2E/bar",                              // above the root
        "/foo%E2%82", "/foo%XX/bar", "/foo%/bar", "/foo/bar%0", "/foo%C0%AE",              // not UTF-8 escapes
    })
    void suspiciousSequencesAreRefused(String raw) {
        assertNull(UriPath.canonicalize(raw), raw);
    }

    @Test
    void acceptsWhatTheSpecAccepts() {
        assertEquals("/foo/bar", UriPath.canonicalize("/foo/bar;jsessionid=1234"));
        assertEquals("/foo/bar/", UriPath.canonicalize("/foo/bar/;jsessionid=1234"));
        assertEquals("/foo/bar/", UriPath.canonicalize("/foo;/bar;/;"));
        assertEquals("/foo/b%r", UriPath.canonicalize("/foo/b%25r"));
        assertEquals("/foo/.bar", UriPath.canonicalize("/foo/.bar"));
        assertEquals("/foo/..bar", UriPath.canonicalize("/foo/..bar"));
        assertEquals("/foo/.../bar", UriPath.canonicalize("/foo/.../bar"));
        assertEquals("/foo/%2e", UriPath.canonicalize("/foo/%252e"), "decoded once: a literal %2e, not a dot");
        assertEquals("/bar", UriPath.canonicalize("/foo//../bar"));
        assertEquals("/foo/bar/", UriPath.canonicalize("//foo//bar//"));
        assertEquals("/foo€bar", UriPath.canonicalize("/foo%E2%82%ACbar"));
    }

    @Test
    void redirectLocationIsTheEncodedCanonicalPathAndTheQuery() {
        assertEquals("/files/", UriPath.redirectLocation("/files/", null));
        assertEquals("/files/?q=1&r", UriPath.redirectLocation("/files/", "q=1&r"));
        assertEquals("/a%20b/100%25/%C3%A9/", UriPath.redirectLocation("/a b/100%/é/", null));
        assertEquals("/a%3Bb/%3F%23%5C/", UriPath.redirectLocation("/a;b/?#\\/", null),
                "what would change the meaning of the path is escaped");
        assertEquals("/evil.example/", UriPath.redirectLocation("//evil.example/", null),
                "never a network-path reference");
        assertEquals("/:@!$&'()*+,=-._~/", UriPath.redirectLocation("/:@!$&'()*+,=-._~/", null));
    }

    @Test
    void removesDotSegmentsOfRedirectReferencesKeepingTheQuery() {
        assertEquals("/a/c?x=../y", UriPath.removeDotSegments("/a/b/../c?x=../y"));
        assertEquals("/x", UriPath.removeDotSegments("/../../x"));
        assertEquals("/a/", UriPath.removeDotSegments("/a/b/.."));
    }

    @Test
    void encodesWhatMayNotAppearInARequestUri() {
        assertEquals("/a%20b/%C3%A9", UriPath.encodePath("/a b/é"));
        assertEquals("/a%2Fb", UriPath.encodePath("/a%2Fb"), "escapes are kept: dispatch paths are already encoded");
    }
}
