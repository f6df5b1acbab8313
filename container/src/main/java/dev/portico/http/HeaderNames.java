package dev.portico.http;

import java.nio.charset.StandardCharsets;

/**
 * Well-known header names as shared constants: the names of a typical request are matched by bytes and cost no
 * allocation. Matching is exact (as browsers and tools spell them); any other spelling gets its own string, which is
 * equally correct because {@link HttpFields} compares names case-insensitively.
 */
final class HeaderNames {
    private static final String[] KNOWN = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Connection",
        "Content-Length", "Content-Type", "Cookie", "Transfer-Encoding", "Expect", "Referer", "Origin",
        "Cache-Control", "Pragma", "Upgrade-Insecure-Requests", "If-None-Match", "If-Modified-Since", "If-Match",
        "If-Unmodified-Since", "If-Range", "Range", "Authorization", "Keep-Alive", "TE", "Upgrade", "Priority",
        "DNT", "X-Requested-With", "X-Forwarded-For", "X-Forwarded-Proto", "Sec-Fetch-Site", "Sec-Fetch-Mode",
        "Sec-Fetch-Dest", "Sec-Fetch-User", "Sec-CH-UA", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform",
        "host", "user-agent", "accept", "accept-encoding", "accept-language", "connection", "content-length",
        "content-type", "cookie", "transfer-encoding", "expect", "referer", "origin", "cache-control"
    };
    /** Buckets of known names by length, so a lookup compares against one or two candidates. */
    private static final byte[][][] BY_LENGTH = new byte[64][][];
    private static final String[][] NAMES_BY_LENGTH = new String[64][];

    static {
        for (String name : KNOWN) {
            int len = name.length();
            byte[][] bucket = BY_LENGTH[len] == null ? new byte[0][] : BY_LENGTH[len];
            String[] names = NAMES_BY_LENGTH[len] == null ? new String[0] : NAMES_BY_LENGTH[len];
            bucket = java.util.Arrays.copyOf(bucket, bucket.length + 1);
            names = java.util.Arrays.copyOf(names, names.length + 1);
            bucket[bucket.length - 1] = name.getBytes(StandardCharsets.US_ASCII);
            names[names.length - 1] = name;
            BY_LENGTH[len] = bucket;
            NAMES_BY_LENGTH[len] = names;
        }
    }

    private HeaderNames() {
    }

    static String intern(byte[] buf, int length) {
        if (length < BY_LENGTH.length && BY_LENGTH[length] != null) {
            byte[][] bucket = BY_LENGTH[length];
            for (int i = 0; i < bucket.length; i++) {
                if (Bytes.equals(bucket[i], buf, length)) {
                    return NAMES_BY_LENGTH[length][i];
                }
            }
        }
        return new String(buf, 0, length, StandardCharsets.US_ASCII);
    }
}
