package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpFieldsTest {

    private static HttpFields raw(String... nameValuePairs) {
        HttpFields fields = new HttpFields(2);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            byte[] padded = ("<<" + nameValuePairs[i + 1] + ">>").getBytes(StandardCharsets.ISO_8859_1);
            fields.addRaw(nameValuePairs[i], padded, 2, padded.length - 4);
        }
        return fields;
    }

    @Test
    void rawValuesReadLikeStringValues() {
        HttpFields fields = raw("Accept", "text/html", "Via", "a", "via", "b", "X-Latin", "caf\u00e9");
        fields.add("Added", "plain");
        assertEquals(5, fields.size());
        assertEquals("text/html", fields.get("accept"));
        assertEquals(List.of("a", "b"), fields.getAll("VIA"));
        assertEquals("caf\u00e9", fields.value(3));
        assertEquals("plain", fields.get("Added"));
        assertEquals("Accept: text/html\r\nVia: a\r\nvia: b\r\nX-Latin: caf\u00e9\r\nAdded: plain\r\n",
                fields.toString());
    }

    @Test
    void tokensAreFoundInRawListsWithoutDecoding() {
        HttpFields fields = raw("Connection", " Keep-Alive ,\tUpgrade", "TE", "trailers");
        assertTrue(fields.containsToken("connection", "keep-alive"));
        assertTrue(fields.containsToken("Connection", "upgrade"));
        assertFalse(fields.containsToken("Connection", "close"));
        assertFalse(fields.containsToken("Connection", "keep"));
        assertTrue(fields.containsToken("TE", "TRAILERS"));
    }

    @Test
    void removingAndReplacingKeepTheOtherRawValuesInPlace() {
        HttpFields fields = raw("A", "1", "B", "2", "A", "3", "C", "4");
        assertTrue(fields.remove("a"));
        assertEquals("2", fields.get("B"));
        assertEquals("4", fields.get("C"));
        fields.set("B", "two");
        assertEquals("B: two\r\nC: 4\r\n", fields.toString());
    }

    @Test
    void clearingStartsOverWithTheSameStorage() {
        HttpFields fields = raw("Long", "x".repeat(1000), "Short", "y");
        fields.clear();
        assertTrue(fields.isEmpty());
        assertNull(fields.get("Long"));
        byte[] next = "fresh".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 40; i++) {
            fields.addRaw("N" + i, next, 0, next.length);
        }
        assertEquals(40, fields.size());
        assertEquals("fresh", fields.get("N39"));
        assertEquals("fresh", fields.value(0));
    }
}
