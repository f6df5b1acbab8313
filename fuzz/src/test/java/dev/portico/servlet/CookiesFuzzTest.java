package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link Cookies#parse} with Cookie field values (one per line of the input). Pairs that are not cookies are
 * skipped, never thrown (RFC 6265 §5.4 is lenient by design), so:
 * <ul>
 *   <li>no exception at all;</li>
 *   <li>every cookie has a non-empty name without {@code =}, {@code ;}, surrounding whitespace or a leading
 *       {@code $}, and a value without {@code ;};</li>
 *   <li>the cookies, sent again as {@code name=value} pairs, parse to the same cookies in the same order (a value
 *       in DQUOTEs keeps them, RFC 6265 §5.2, so it is sent back as it is).</li>
 * </ul>
 */
class CookiesFuzzTest {

    @FuzzTest
    void parseCookieHeader(byte[] data) {
        List<String> fields = Arrays.asList(new String(data, StandardCharsets.ISO_8859_1).split("\n", -1));
        Cookie[] cookies = Cookies.parse(fields);
        StringBuilder again = new StringBuilder();
        for (Cookie cookie : cookies) {
            String name = cookie.getName();
            String value = cookie.getValue();
            assertFalse(name.isEmpty(), "empty name");
            assertFalse(name.startsWith("$"), () -> "attribute as a cookie: " + name);
            assertEquals(name.trim(), name, () -> "whitespace around the name: " + name);
            assertTrue(name.indexOf('=') < 0 && name.indexOf(';') < 0, () -> "separator in the name: " + name);
            assertTrue(value.indexOf(';') < 0, () -> "';' in the value of " + name + ": " + value);
            if (again.length() > 0) {
                again.append("; ");
            }
            again.append(name).append('=').append(value);
        }
        assertEquals(pairs(cookies), pairs(Cookies.parse(List.of(again.toString()))), () -> "sent again as " + again);
    }

    private static List<String> pairs(Cookie[] cookies) {
        List<String> pairs = new ArrayList<>(cookies.length);
        for (Cookie cookie : cookies) {
            pairs.add(cookie.getName() + "=" + cookie.getValue());
        }
        return pairs;
    }
}
