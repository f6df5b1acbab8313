package dev.portico.servlet.statics;

import dev.portico.http.HttpDate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** RFC 9110 §13.2.2: the order in which preconditions are evaluated, for GET and HEAD. */
final class Preconditions {
    private Preconditions() {
    }

    /** 0 to go on, 304 Not Modified or 412 Precondition Failed. */
    static int evaluate(HttpServletRequest req, String etag, long lastModified) {
        long modifiedSeconds = lastModified / 1000;
        String ifMatch = req.getHeader("If-Match");
        if (ifMatch != null) {
            if (!matches(ifMatch, etag, true)) {
                return HttpServletResponse.SC_PRECONDITION_FAILED;
            }
        } else {
            long since = seconds(req.getHeader("If-Unmodified-Since"));
            if (since >= 0 && lastModified > 0 && modifiedSeconds > since) {
                return HttpServletResponse.SC_PRECONDITION_FAILED;
            }
        }
        String ifNoneMatch = req.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            return matches(ifNoneMatch, etag, false) ? HttpServletResponse.SC_NOT_MODIFIED : 0;
        }
        long since = seconds(req.getHeader("If-Modified-Since"));
        if (since >= 0 && lastModified > 0 && modifiedSeconds <= since) {
            return HttpServletResponse.SC_NOT_MODIFIED;
        }
        return 0;
    }

    /**
     * Whether a list of entity tags (or "*") matches ours: §8.8.3.2 strong comparison for If-Match and If-Range (a
     * weak tag never matches), weak comparison for If-None-Match.
     */
    static boolean matches(String header, String etag, boolean strong) {
        if (header.trim().equals("*")) {
            return true;
        }
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            boolean weak = tag.startsWith("W/");
            if (weak && strong) {
                continue;
            }
            if ((weak ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** An HTTP-date header in whole seconds (the resolution of Last-Modified), or -1 when absent or invalid. */
    static long seconds(String httpDate) {
        long millis = httpDate == null ? -1 : HttpDate.parse(httpDate);
        return millis < 0 ? -1 : millis / 1000;
    }
}
