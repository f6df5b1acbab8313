package dev.portico.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** IMF-fixdate (RFC 9110 §5.6.7), the one date format servers send; the current one is formatted once a second. */
public final class HttpDate {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** RFC 9110 §5.6.7: a two-digit year more than 50 years ahead means the century before. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).getYear() - 49)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile Cached cached = new Cached(0, new byte[0], "");

    private record Cached(long second, byte[] bytes, String text) {
    }

    private HttpDate() {
    }

    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The current date, as a string. */
    public static String now() {
        return current().text;
    }

    static byte[] nowBytes() {
        return current().bytes;
    }

    private static Cached current() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != second) {
            String text = format(second * 1000);
            c = new Cached(second, text.getBytes(StandardCharsets.US_ASCII), text);
            cached = c;
        }
        return c;
    }

    /**
     * Parses the three formats a recipient must accept (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 and asctime.
     *
     * @return epoch millis, or -1 if the text is none of them
     */
    public static long parse(String text) {
        String v = text.trim();
        for (DateTimeFormatter f : new DateTimeFormatter[] {FORMAT, RFC_850, ASCTIME}) {
            try {
                return LocalDateTime.parse(v, f).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return -1;
    }
}
