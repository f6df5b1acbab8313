package dev.portico.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** IMF-fixdate (RFC 9110 §5.6.7), the one date format servers send; the current one is formatted once a second. */
public final class HttpDate {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

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
        String[] patterns = {"EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
            "EEE MMM ppd HH:mm:ss yyyy"};
        for (String pattern : patterns) {
            try {
                DateTimeFormatter f = new java.time.format.DateTimeFormatterBuilder()
                        .parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.US)
                        .withZone(ZoneOffset.UTC);
                return Instant.from(f.parse(text.trim())).toEpochMilli();
            } catch (RuntimeException e) {
                // try the next format
            }
        }
        return -1;
    }
}
