package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

class ServletMapperTest {
    private final WebApp app = new WebApp(new WebAppSpec(""), null);
    private final ServletHolder fallback = holder("fallback");
    private final ServletMapper mapper = new ServletMapper(fallback);

    private ServletHolder holder(String name) {
        return new ServletHolder(app, name, "x", null, null);
    }

    private ServletHolder map(String pattern) {
        ServletHolder h = holder(pattern);
        assertTrue(mapper.add(UrlPattern.parse(pattern), h));
        return h;
    }

    @Test
    void longestPrefixWinsOverShorterOnesAndExtensions() {
        ServletHolder all = map("/*");
        ServletHolder foo = map("/foo/*");
        ServletHolder fooBar = map("/foo/bar/*");
        ServletHolder jsp = map("*.jsp");
        assertEquals(fooBar, mapper.map("/foo/bar/x.jsp").servlet);
        assertEquals(foo, mapper.map("/foo/baz.jsp").servlet);
        assertEquals(all, mapper.map("/x.jsp").servlet);
        ServletMapper extensionOnly = new ServletMapper(fallback);
        extensionOnly.add(UrlPattern.parse("*.jsp"), jsp);
        assertEquals(jsp, extensionOnly.map("/x/y.jsp").servlet);
    }

    @Test
    void exactBeatsPrefixAndRootIsOnlyTheContextRoot() {
        ServletHolder prefix = map("/a/*");
        ServletHolder exact = map("/a/b");
        ServletHolder root = map("");
        assertEquals(exact, mapper.map("/a/b").servlet);
        assertEquals(prefix, mapper.map("/a/b/c").servlet);
        ServletMapping r = mapper.map("/");
        assertEquals(root, r.servlet);
        assertEquals(MappingMatch.CONTEXT_ROOT, r.getMappingMatch());
        assertEquals("", r.servletPath);
        assertEquals("/", r.pathInfo);
    }

    @Test
    void unmatchedGoesToTheFallbackAsDefault() {
        ServletMapping m = mapper.map("/nothing");
        assertEquals(fallback, m.servlet);
        assertEquals(MappingMatch.DEFAULT, m.getMappingMatch());
        assertEquals("/nothing", m.servletPath);
        assertNull(m.pathInfo);
    }

    @Test
    void extensionNeedsTheDotInTheLastSegment() {
        map("*.do");
        assertEquals(fallback, mapper.map("/a.do/b").servlet);
        assertEquals("a", mapper.map("/a.do").getMatchValue());
    }

    @Test
    void aPatternTakenByAnotherServletIsAConflict() {
        map("/x");
        ServletHolder other = holder("other");
        assertTrue(mapper.isTakenByOther(UrlPattern.parse("/x"), other));
        assertFalse(mapper.add(UrlPattern.parse("/x"), other));
    }

    @Test
    void invalidPatternsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse("foo"));
        assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse("/a*/*"));
        assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse("*."));
    }

    @Test
    void filterPatternsMatchAsSection6_2_4Says() {
        assertTrue(UrlPattern.parse("/a/*").matches("/a"));
        assertTrue(UrlPattern.parse("/a/*").matches("/a/b/c"));
        assertFalse(UrlPattern.parse("/a/*").matches("/ab"));
        assertTrue(UrlPattern.parse("*.css").matches("/x/y.css"));
        assertFalse(UrlPattern.parse("*.css").matches("/x.css/y"));
        assertTrue(UrlPattern.parse("/exact").matches("/exact"));
        assertFalse(UrlPattern.parse("/exact").matches("/exact/"));
    }
}
