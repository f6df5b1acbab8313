package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link ForwardedHeader#parse} and the {@link ForwardedValues} readers with field lines (one per line of the
 * input, as ISO-8859-1 octets, what the request parser hands over). Bad input is answered with null, never thrown:
 * <ul>
 *   <li>no exception at all, and {@link ForwardedHeader#fault} names a fault exactly when parse answers null;</li>
 *   <li>the elements, written again with every value quoted, parse to the same elements;</li>
 *   <li>every list entry read as a node is null, unknown/obfuscated, or a 4- or 16-byte address that, written
 *       again as a node (with its port), reads the same;</li>
 *   <li>a prefix read is "" or absolute, without {@code //}, {@code .}/{@code ..} segments, {@code ?}, {@code #} or
 *       {@code ;}, and reads as itself again; a host is the input unchanged; a proto is http or https; a port is
 *       -1 or 1-65535.</li>
 * </ul>
 */
class ForwardedFuzzTest {

    @FuzzTest
    void parseForwardedFields(byte[] data) {
        List<String> lines = Arrays.asList(new String(data, StandardCharsets.ISO_8859_1).split("\n", -1));
        List<ForwardedElement> elements = ForwardedHeader.parse(lines);
        String fault = ForwardedHeader.fault(lines);
        if (elements == null) {
            assertNotNull(fault, () -> "refused without a reason: " + lines);
        } else {
            assertNull(fault, () -> "parsed, yet a fault: " + fault);
            assertFalse(elements.isEmpty(), "parsed to no element");
            String again = write(elements);
            assertEquals(elements, ForwardedHeader.parse(List.of(again)), () -> "written again as " + again);
        }
        List<String> entries = ForwardedValues.list(lines);
        for (String entry : entries == null ? lines : entries) {
            checkNode(entry);
            checkPrefix(entry);
            String host = ForwardedValues.host(entry);
            assertTrue(host == null || host.equals(entry), () -> "host changed: " + entry + " -> " + host);
            String proto = ForwardedValues.proto(entry);
            assertTrue(proto == null || proto.equals("http") || proto.equals("https"), () -> "proto " + proto);
            int port = ForwardedValues.port(entry);
            assertTrue(port == -1 || port >= 1 && port <= 65535, () -> "port " + port);
        }
    }

    private static void checkNode(String entry) {
        ForwardedNode node = ForwardedValues.node(entry);
        if (node == null || !node.isAddress()) {
            return;
        }
        int length = node.address().getAddress().length;
        assertTrue(length == 4 || length == 16, () -> "address of " + length + " bytes from " + entry);
        String text = node.address().getHostAddress();
        String written = node.address() instanceof Inet6Address ? "[" + text + "]" : text;
        String again = node.port() >= 0 ? written + ":" + node.port() : written;
        assertEquals(node, ForwardedValues.node(again), () -> entry + " written again as " + again);
    }

    private static void checkPrefix(String entry) {
        String prefix = ForwardedValues.prefix(entry);
        if (prefix == null || prefix.isEmpty()) {
            return;
        }
        assertTrue(prefix.startsWith("/") && !prefix.endsWith("/"), () -> "prefix " + prefix);
        assertFalse(prefix.contains("//"), () -> "empty segment in " + prefix);
        assertFalse(prefix.contains("/./") || prefix.endsWith("/.") || prefix.contains("/../")
                || prefix.endsWith("/.."), () -> "dot segment in " + prefix);
        assertTrue(prefix.indexOf('?') < 0 && prefix.indexOf('#') < 0 && prefix.indexOf(';') < 0,
                () -> "query, fragment or parameter in " + prefix);
        assertEquals(prefix, ForwardedValues.prefix(prefix), () -> "prefix read again: " + prefix);
    }

    private static String write(List<ForwardedElement> elements) {
        List<String> written = new ArrayList<>();
        for (ForwardedElement e : elements) {
            List<String> pairs = new ArrayList<>();
            add(pairs, "for", e.forNode());
            add(pairs, "by", e.byNode());
            add(pairs, "host", e.host());
            add(pairs, "proto", e.proto());
            written.add(pairs.isEmpty() ? "ext=1" : String.join(";", pairs));   // only unknown parameters
        }
        return String.join(", ", written);
    }

    private static void add(List<String> pairs, String name, String value) {
        if (value != null) {
            pairs.add(name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }
}
