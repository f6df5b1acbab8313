package dev.portico.session;

import java.util.Map;
import java.util.Set;

/**
 * What one request changed in a session: the access time and timeout always (they are small), and only the
 * attributes it set or removed.
 *
 * @param lastAccessedTime    epoch ms
 * @param maxInactiveInterval seconds; 0 or less: never expires
 * @param set                 attributes set, name → serialized value
 * @param removed             attributes removed
 */
public record SessionUpdate(long lastAccessedTime, int maxInactiveInterval, Map<String, byte[]> set,
                            Set<String> removed) {
    public SessionUpdate {
        set = Map.copyOf(set);
        removed = Set.copyOf(removed);
    }

    public long expiryTime() {
        return SessionData.expiryTime(lastAccessedTime, maxInactiveInterval);
    }
}
