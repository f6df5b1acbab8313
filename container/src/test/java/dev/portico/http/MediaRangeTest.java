package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaRangeTest {
    @Test
    void exactTypeIgnoresParametersAndCase() {
        assertTrue(MediaRange.parse("application/json").matches("Application/JSON; charset=UTF-8"));
        assertFalse(MediaRange.parse("application/json").matches("application/jsonp"));
    }

    @Test
    void subtypeWildcard() {
        assertTrue(MediaRange.parse("text/*").matches("text/html;charset=UTF-8"));
        assertFalse(MediaRange.parse("text/*").matches("textual/html"));
        assertFalse(MediaRange.parse("text/*").matches("text/"));
    }

    @Test
    void structuredSuffix() {
        MediaRange json = MediaRange.parse("application/*+json");
        assertTrue(json.matches("application/problem+json"));
        assertTrue(json.matches("application/ld+json; profile=x"));
        assertFalse(json.matches("application/+json"));
        assertFalse(json.matches("application/json"));
    }

    @Test
    void noContentTypeMatchesNothing() {
        assertFalse(MediaRange.parse("text/*").matches(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "text/", "/html", "*/*", "text/ht*", "text/*+", "a/b/c", "te xt/html", "text/*x"})
    void rejectsWhatIsNoRange(String text) {
        assertThrows(IllegalArgumentException.class, () -> MediaRange.parse(text));
    }
}
