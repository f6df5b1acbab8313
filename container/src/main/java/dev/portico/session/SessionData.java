package dev.portico.session;

import java.util.Map;

/**
 * A stored session: its times and its attributes, each value serialized on its own.
 *
 * @param id                  the session id
 * @param creationTime        when it was made, epoch ms
 * @param lastAccessedTime    when a request last used it, epoch ms
 * @param maxInactiveInterval seconds of inactivity before it expires; 0 or less: never
 * @param attributes          attribute name → serialized value
 */
public record SessionData(String id, long creationTime, long lastAccessedTime, int maxInactiveInterval,
                          Map<String, byte[]> attributes) {
    public SessionData {
        attributes = Map.copyOf(attributes);
    }

    /** When it expires, epoch ms; {@link Long#MAX_VALUE} for never. */
    public long expiryTime() {
        return expiryTime(lastAccessedTime, maxInactiveInterval);
    }

    public static long expiryTime(long lastAccessedTime, int maxInactiveInterval) {
        return maxInactiveInterval <= 0 ? Long.MAX_VALUE : lastAccessedTime + maxInactiveInterval * 1000L;
    }
}
