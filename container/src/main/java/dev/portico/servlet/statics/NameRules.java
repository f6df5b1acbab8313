package dev.portico.servlet.statics;

/**
 * The names that are never served nor listed, checked both in the path asked for and in the real path relative to
 * the real root (so a link named {@code public} pointing at {@code WEB-INF} does not publish it): in a web
 * application's resources, a first segment {@code WEB-INF} or {@code META-INF} (Servlet 6.1 §10.5); and unless
 * dotfiles are served, any segment starting with {@code .} — {@code .git}, {@code .env}, {@code .htpasswd} are files
 * nobody meant to publish. {@code /.well-known/} (RFC 8615) is the exception: it exists to be fetched.
 */
final class NameRules {
    private final boolean webAppResources;
    private final boolean dotfiles;

    NameRules(boolean webAppResources, boolean dotfiles) {
        this.webAppResources = webAppResources;
        this.dotfiles = dotfiles;
    }

    /** Whether a root-relative path (asked for, or real) is one that is never served nor listed. */
    boolean refuses(String[] segments) {
        return (webAppResources && isProtected(segments)) || isHidden(segments);
    }

    /** Servlet 6.1 §10.5: nothing under WEB-INF or META-INF of a web application is served directly. */
    private static boolean isProtected(String[] segments) {
        return segments.length > 0
                && (segments[0].equalsIgnoreCase("WEB-INF") || segments[0].equalsIgnoreCase("META-INF"));
    }

    /** A segment starting with "." other than a leading ".well-known" (RFC 8615), unless dotfiles are served. */
    private boolean isHidden(String[] segments) {
        if (dotfiles) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith(".") && !(i == 0 && segments[i].equals(".well-known"))) {
                return true;
            }
        }
        return false;
    }
}
