package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static String reference(long millis) {
        return REFERENCE.format(Instant.ofEpochMilli(millis));
    }

    @Test
    void formatsTheRfcExample() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784111777000L));
        assertEquals(784111777000L, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(784111777000L, HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(784111777000L, HttpDate.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(-1, HttpDate.parse("yesterday"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00Z",
        "1900-03-01T00:00:00Z", "2100-02-28T23:59:59Z", "2024-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z", "1600-02-29T06:07:08Z"})
    void agreesWithJavaTimeOnCalendarEdges(String instant) {
        long millis = Instant.parse(instant).toEpochMilli();
        assertEquals(reference(millis), HttpDate.format(millis));
    }

    @Test
    void agreesWithJavaTimeAcrossTheRepresentableYears() {
        long min = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(min, max + 1);
            assertEquals(reference(millis), HttpDate.format(millis), () -> "at " + millis);
        }
    }

    @Test
    void yearsWithoutFourDigitsAreRefused() {
        long tooLate = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
        assertThrows(IllegalArgumentException.class, () -> HttpDate.format(tooLate));
        assertThrows(IllegalArgumentException.class, () -> HttpDate.format(Long.MIN_VALUE));
        long yearZero = Instant.parse("0000-12-31T23:59:59Z").toEpochMilli();
        assertThrows(IllegalArgumentException.class, () -> HttpDate.format(yearZero));
    }
}
