package dev.portico.servlet.statics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {
    @Test
    void segmentsRefuseDotSegmentsBackslashesAndControls() {
        assertArrayEquals(new String[] {"a", "b.txt"}, PathSegments.parse("/a//b.txt"));
        assertArrayEquals(new String[] {"%2e%2e", "x"}, PathSegments.parse("/%2e%2e/x"), "never decoded twice");
        assertArrayEquals(new String[0], PathSegments.parse("/"));
        assertNull(PathSegments.parse("/a/../b"));
        assertNull(PathSegments.parse("/a/./b"));
        assertNull(PathSegments.parse("/a\\b"));
        assertNull(PathSegments.parse("/a\u0000b"));
        assertNull(PathSegments.parse("/a\rb"));
        assertNull(PathSegments.parse(null));
    }
}
