package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class UriPathTest {
    @Test
    void keepsACanonicalPathAsItIs() {
        String path = "/shop/cart/items";
        assertSame(path, UriPath.canonicalize(path));
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
