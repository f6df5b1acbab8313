package dev.portico.http;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * IMF-fixdate (RFC 9110 §5.6.7), the one date format servers send; the current one is formatted once a second.
 *
 * <p>Formatting is plain arithmetic rather than {@code java.time}: its formatters and locale data take some 30 ms to
 * load, which would otherwise be spent on a server's first response. Parsing, which only conditional requests need,
 * keeps using {@code java.time}, loaded on first use.
 */
public final class HttpDate {
    private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** The three forms a recipient must accept, built only when something is parsed. */
    private static final class Parsers {
        static final DateTimeFormatter IMF_FIXDATE =
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
        /** RFC 9110 §5.6.7: a two-digit year more than 50 years ahead means the century before. */
        static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).getYear() - 49)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        static final DateTimeFormatter ASCTIME =
                DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);
    }

    private static volatile Cached cached = new Cached(0, new byte[0], "");

    private record Cached(long second, byte[] bytes, String text) {
    }

    private HttpDate() {
    }

    /** The instant as IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}; years 1–9999 only. */
    public static String format(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000);
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Days since 1970-01-01 to a proleptic Gregorian date, counted in 400-year eras that start on March 1 so
        // the leap day falls last (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        long shifted = days + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year " + year + " cannot be written as an HTTP date");
        }
        int dayOfWeek = (int) Math.floorMod(days + 4, 7); // 1970-01-01 was a Thursday

        char[] out = new char[29];
        put(out, 0, DAYS[dayOfWeek]);
        out[3] = ',';
        out[4] = ' ';
        twoDigits(out, 5, day);
        out[7] = ' ';
        put(out, 8, MONTHS[month - 1]);
        out[11] = ' ';
        twoDigits(out, 12, (int) (year / 100));
        twoDigits(out, 14, (int) (year % 100));
        out[16] = ' ';
        twoDigits(out, 17, secondOfDay / 3600);
        out[19] = ':';
        twoDigits(out, 20, secondOfDay / 60 % 60);
        out[22] = ':';
        twoDigits(out, 23, secondOfDay % 60);
        put(out, 25, " GMT");
        return new String(out);
    }

    private static void put(char[] out, int at, String text) {
        text.getChars(0, text.length(), out, at);
    }

    private static void twoDigits(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
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
        for (DateTimeFormatter f : new DateTimeFormatter[] {Parsers.IMF_FIXDATE, Parsers.RFC_850, Parsers.ASCTIME}) {
            try {
                return LocalDateTime.parse(v, f).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return -1;
    }
}
