package dev.portico.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses option values (counts, durations, sizes, name=value pairs) with messages that name the option. */
final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)(i?b)?");

    private Values() {
    }

    static int integer(String option, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + ": '" + value + "' is not a whole number from " + min + " to " + max);
    }

    /** "30" (seconds), "30s", "500ms", "2m", "1h". */
    static Duration duration(String option, String value) throws UsageException {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
        }
        throw new UsageException(option + ": '" + value + "' is not a duration (e.g. 30, 30s, 500ms, 2m)");
    }

    /** Bytes: "1048576", "512k", "10m", "1g" (powers of 1024; "kb", "mib" also read). */
    static long size(String option, String value) throws UsageException {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                int shift = switch (m.group(2)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    default -> 0;
                };
                if (n <= (Long.MAX_VALUE >> shift)) {
                    return n << shift;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new UsageException(option + ": '" + value + "' is not a size in bytes (e.g. 1048576, 512k, 10m)");
    }

    static Map.Entry<String, String> pair(String option, String value) throws UsageException {
        int equals = value.indexOf('=');
        if (equals <= 0) {
            throw new UsageException(option + ": '" + value + "' is not name=value");
        }
        return Map.entry(value.substring(0, equals), value.substring(equals + 1));
    }
}
