package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §12.5.3, one rule per test. */
class AcceptEncodingTest {
    private static final List<String> GZIP = List.of("gzip");

    private static AcceptEncoding of(String... fields) {
        return AcceptEncoding.parse(List.of(fields));
    }

    @Test
    void noFieldMeansIdentityOnly() {
        AcceptEncoding none = AcceptEncoding.parse(List.of());
        assertFalse(none.isPresent());
        assertEquals(0, none.quality("gzip"));
        assertEquals(1000, none.quality("identity"));
        assertNull(none.select(GZIP));
    }

    @Test
    void emptyFieldMeansIdentityOnly() {
        assertNull(of("").select(GZIP));
        assertTrue(of("").acceptsIdentity());
    }

    @Test
    void namedCodingIsAccepted() {
        assertEquals("gzip", of("gzip, deflate, br").select(GZIP));
    }

    @Test
    void codingsAreCaseInsensitive() {
        assertEquals("gzip", of("GZip").select(GZIP));
        assertEquals(0, of("GZIP;Q=0").quality("gzip"));
    }

    @Test
    void xGzipIsGzip() {
        assertEquals("gzip", of("x-gzip").select(GZIP));
    }

    @Test
    void qualityZeroExcludes() {
        assertNull(of("gzip;q=0, deflate").select(GZIP));
        assertNull(of("gzip; q=0.000").select(GZIP));
    }

    @Test
    void starCoversUnnamedCodings() {
        assertEquals("gzip", of("*").select(GZIP));
        assertNull(of("*;q=0").select(GZIP));
        assertEquals("gzip", of("*;q=0, gzip").select(GZIP), "a named coding is more specific than *");
        assertFalse(of("*;q=0").acceptsIdentity(), "*;q=0 excludes identity too");
        assertTrue(of("*;q=0, identity").acceptsIdentity());
    }

    @Test
    void identityZeroRefusesTheUncodedResponse() {
        assertFalse(of("gzip, identity;q=0").acceptsIdentity());
        assertEquals("gzip", of("gzip, identity;q=0").select(GZIP));
    }

    @Test
    void identityPreferredOverGzipWins() {
        assertNull(of("gzip;q=0.5, identity").select(GZIP));
        assertEquals("gzip", of("gzip, identity;q=0.5").select(GZIP));
        assertEquals("gzip", of("gzip;q=0.5, identity;q=0.5").select(GZIP), "a tie goes to compression");
        assertNull(of("gzip;q=0.5, *;q=0.8").select(GZIP), "* weighs identity too");
    }

    @Test
    void lowWeightStillAcceptsWhenIdentityIsNotWeighed() {
        assertEquals("gzip", of("deflate, gzip;q=0.1").select(GZIP));
    }

    @Test
    void serverOrderBreaksTies() {
        assertEquals("br", of("gzip, br").select(List.of("br", "gzip")));
        assertEquals("gzip", of("gzip, br;q=0.9").select(List.of("br", "gzip")));
    }

    @Test
    void severalFieldsAreOneList() {
        assertEquals("gzip", of("deflate", "gzip").select(GZIP));
    }

    @Test
    void aCodingNamedTwiceTakesItsLowestWeight() {
        assertNull(of("gzip, gzip;q=0").select(GZIP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=2", "gzip;q=1.5", "gzip;q=0.1234", "gzip;q=abc", "gzip;q=", "gzip;level=9",
        "gzip;q=-1", "gz\u00ffip", "gzip;;q=1", "\"gzip\"", "gzip q=1", "gzip;q=.5"})
    void malformedElementsAreIgnored(String field) {
        assertNull(of(field).select(GZIP), field);
        assertTrue(of(field).acceptsIdentity(), field);
    }

    @Test
    void malformedElementsLeaveTheRestStanding() {
        assertEquals("gzip", of("bogus;q=7, gzip").select(GZIP));
        assertEquals("gzip", of(",,, gzip ,").select(GZIP));
    }

    @Test
    void qvaluesHaveThreeDecimals() {
        assertEquals(1, of("gzip;q=0.001").quality("gzip"));
        assertEquals(500, of("gzip;q=0.5").quality("gzip"));
        assertEquals(1000, of("gzip;q=1.000").quality("gzip"));
        assertEquals(0, of("gzip;q=0.").quality("gzip"));
    }
}
