package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {
    @Test
    void decodesPairsInOrderWithPlusAndEscapes() {
        Map<String, String[]> m = new FormDecoder(-1).decode("b=2&a=x+y%2B&b=3&flag&&=skipped", StandardCharsets.UTF_8)
                .toMap();
        assertEquals(List.of("b", "a", "flag"), List.copyOf(m.keySet()));
        assertArrayEquals(new String[] {"2", "3"}, m.get("b"));
        assertArrayEquals(new String[] {"x y+"}, m.get("a"));
        assertArrayEquals(new String[] {""}, m.get("flag"));
    }

    @Test
    void decodesInTheGivenCharset() {
        assertEquals("é", new FormDecoder(-1).decode("a=%E9", StandardCharsets.ISO_8859_1).toMap().get("a")[0]);
        assertEquals("é", new FormDecoder(-1).decode("a=%C3%A9", StandardCharsets.UTF_8).toMap().get("a")[0]);
        assertThrows(BadRequestException.class, () -> new FormDecoder(-1).decode("a=%E9", StandardCharsets.UTF_8));
    }

    @Test
    void mergesWithTheFirstMapsValuesFirst() {
        Map<String, String[]> merged = FormDecoder.merge(Map.of("a", new String[] {"1"}),
                Map.of("a", new String[] {"2"}, "b", new String[] {"3"}));
        assertArrayEquals(new String[] {"1", "2"}, merged.get("a"));
        assertArrayEquals(new String[] {"3"}, merged.get("b"));
    }

    @Test
    void moreParametersThanTheLimitAre413() {
        String many = "p=1&".repeat(1000);
        assertEquals(1000, new FormDecoder(1000).decode(many, StandardCharsets.UTF_8).count());
        assertThrows(PayloadTooLargeException.class,
                () -> new FormDecoder(1000).decode(many + "q=2", StandardCharsets.UTF_8));
        assertThrows(PayloadTooLargeException.class, () -> new FormDecoder(1000).decode(many, StandardCharsets.UTF_8)
                .add("field", "from multipart"));
        assertEquals(1001, new FormDecoder(-1).decode(many + "q=2", StandardCharsets.UTF_8).count(), "-1: no limit");
    }

    @Test
    void malformedEscapesAre400() {
        assertThrows(BadRequestException.class, () -> new FormDecoder(-1).decode("a=%", StandardCharsets.UTF_8));
        assertThrows(BadRequestException.class, () -> new FormDecoder(-1).decode("a=%4x", StandardCharsets.UTF_8));
    }
}
