package dev.portico.session;

import java.util.ServiceLoader;

/** Finds the provider for a {@code --sessions} location among those on a class path. */
public final class SessionStores {
    private SessionStores() {
    }

    /**
     * The provider that accepts {@code location}.
     *
     * @throws IllegalArgumentException naming the jar to add when none does
     */
    public static SessionStoreProvider provider(String location, ClassLoader loader) {
        for (SessionStoreProvider p : ServiceLoader.load(SessionStoreProvider.class, loader)) {
            if (p.accepts(location)) {
                return p;
            }
        }
        String scheme = location.contains(":") ? location.substring(0, location.indexOf(':')) : location;
        String jar = switch (scheme) {
            case "redis", "rediss", "redis-sentinel" -> "portico-session-redis.jar";
            case "jdbc" -> "portico-session-jdbc.jar and the database's JDBC driver";
            default -> null;
        };
        if (jar == null) {
            throw new IllegalArgumentException("'" + location + "' is not a session store location "
                    + "(redis://HOST:PORT[/DB], jdbc:..., or memory://NAME)");
        }
        return fail(location, jar);
    }

    private static SessionStoreProvider fail(String location, String jar) {
        throw new IllegalArgumentException("no session store for " + location + " on the class path: add " + jar
                + " (with --lib before any APP, or java -cp)");
    }
}
