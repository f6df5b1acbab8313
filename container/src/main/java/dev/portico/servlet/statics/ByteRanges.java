package dev.portico.servlet.statics;

/** RFC 9110 §14: which part of the file a Range header asks for. */
final class ByteRanges {
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRanges() {
    }

    /**
     * {first, last} (inclusive) for one satisfiable range, {@link #UNSATISFIABLE}, or null for the whole file: no
     * Range, a Range we ignore (not bytes, malformed, §14.2 allows ignoring), an If-Range that no longer matches
     * (§13.1.5), or several ranges — answered with the whole 200, which §14.2 permits and which spares us
     * multipart/byteranges (and its amplification risks) for a request browsers practically never send.
     */
    static long[] select(String range, String ifRange, String etag, long lastModified, long length) {
        if (range == null) {
            return null;
        }
        if (ifRange != null && !ifRangeHolds(ifRange.trim(), etag, lastModified)) {
            return null;
        }
        String spec = range.trim();
        if (spec.length() < 6 || !spec.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        spec = spec.substring(6).trim();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        long first = parse(spec.substring(0, dash).trim());
        long last = parse(spec.substring(dash + 1).trim());
        if (dash == 0) {                                   // suffix range "-n": the last n bytes
            if (last < 0) {
                return null;
            }
            if (last == 0 || length == 0) {
                return UNSATISFIABLE;
            }
            return new long[] {Math.max(0, length - last), length - 1};
        }
        if (first < 0 || (dash < spec.length() - 1 && (last < 0 || last < first))) {
            return null;                                   // syntactically invalid: ignore the header
        }
        if (first >= length) {
            return UNSATISFIABLE;
        }
        long end = dash == spec.length() - 1 ? length - 1 : Math.min(last, length - 1);
        return new long[] {first, end};
    }

    /** §13.1.5: an entity tag must match strongly, a date exactly; anything else means "send it all". */
    private static boolean ifRangeHolds(String ifRange, String etag, long lastModified) {
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return !ifRange.startsWith("W/") && ifRange.equals(etag);
        }
        long date = Preconditions.seconds(ifRange);
        return date >= 0 && lastModified > 0 && date == lastModified / 1000;
    }

    private static long parse(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
