package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes {@link UriPath#canonicalize} with request paths: the octets of a request target as characters (what the
 * parser hands over), and the same bytes read as UTF-8 (a dispatch path an app passes, any character). A path is
 * either refused (null) or canonical:
 * <ul>
 *   <li>it starts with {@code /} and holds no {@code //}, no {@code \}, no NUL;</li>
 *   <li>no segment is {@code ..} or {@code .}, so resolved under a root directory it never leaves that root;</li>
 *   <li>canonicalizing it again changes nothing, when it has nothing left that a second pass would decode
 *       ({@code %}, {@code ;}, non-ASCII).</li>
 * </ul>
 */
class UriPathFuzzTest {
    private static final Path ROOT = Path.of("/srv/app");

    @FuzzTest
    void canonicalizePath(byte[] octets) {
        check(new String(octets, StandardCharsets.ISO_8859_1));
        check(new String(octets, StandardCharsets.UTF_8));
    }

    private static void check(String raw) {
        String path = UriPath.canonicalize(raw);
        if (path == null) {
            return;   // refused: the gateway answers 400
        }
        assertTrue(path.startsWith("/"), () -> "not absolute: " + show(raw, path));
        assertFalse(path.contains("//"), () -> "empty segment: " + show(raw, path));
        assertFalse(path.indexOf('\\') >= 0, () -> "backslash: " + show(raw, path));
        assertFalse(path.indexOf('\0') >= 0, () -> "NUL: " + show(raw, path));
        for (String segment : path.substring(1).split("/", -1)) {
            assertNotEquals("..", segment, () -> "dot-dot segment: " + show(raw, path));
            assertNotEquals(".", segment, () -> "dot segment: " + show(raw, path));
        }
        Path resolved = ROOT.resolve(path.substring(1)).normalize();
        assertTrue(resolved.startsWith(ROOT), () -> "escapes its root: " + show(raw, path) + " -> " + resolved);
        if (path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%' && c != ';')) {
            assertEquals(path, UriPath.canonicalize(path), () -> "not a fixed point: " + show(raw, path));
        }
    }

    private static String show(String raw, String path) {
        return "\"" + raw.replace("\0", "\\0") + "\" -> \"" + path.replace("\0", "\\0") + "\"";
    }
}
