package dev.portico.servlet;

import jakarta.servlet.SessionCookieConfig;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The session cookie's settings (§7.1.1). HttpOnly by default: scripts have no business reading the session id.
 * Changes are only allowed while the context initialises, and each is checked against RFC 6265 as it is made
 * (see {@link Cookies}): a {@code ;} in a value would add attributes to every session cookie.
 */
final class PorticoSessionCookieConfig implements SessionCookieConfig {
    private final WebApp app;
    private String name = "JSESSIONID";
    private final Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    PorticoSessionCookieConfig(WebApp app) {
        this.app = app;
        attributes.put("HttpOnly", "");
    }

    private void check() {
        app.checkInitializing("SessionCookieConfig");
    }

    @Override
    public void setName(String name) {
        check();
        Cookies.checkName("session cookie name", name);
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setDomain(String domain) {
        setAttribute("Domain", domain == null ? null : domain.toLowerCase(Locale.ROOT));
    }

    @Override
    public String getDomain() {
        return attributes.get("Domain");
    }

    @Override
    public void setPath(String path) {
        setAttribute("Path", path);
    }

    @Override
    public String getPath() {
        return attributes.get("Path");
    }

    /** Comments were dropped from cookies by RFC 6265; Servlet 6.0 made this a no-op. */
    @Override
    @SuppressWarnings("deprecation")
    public void setComment(String comment) {
        check();
    }

    @Override
    @SuppressWarnings("deprecation")
    public String getComment() {
        return null;
    }

    @Override
    public void setHttpOnly(boolean httpOnly) {
        setAttribute("HttpOnly", httpOnly ? "" : null);
    }

    @Override
    public boolean isHttpOnly() {
        return attributes.containsKey("HttpOnly");
    }

    @Override
    public void setSecure(boolean secure) {
        setAttribute("Secure", secure ? "" : null);
    }

    @Override
    public boolean isSecure() {
        return attributes.containsKey("Secure");
    }

    @Override
    public void setMaxAge(int maxAge) {
        setAttribute("Max-Age", Integer.toString(maxAge));
    }

    @Override
    public int getMaxAge() {
        String value = attributes.get("Max-Age");
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Override
    public void setAttribute(String name, String value) {
        check();
        // Checked here, while the context initialises, rather than on the first session's response.
        Cookies.checkName("session cookie attribute name", name);
        if (name.equalsIgnoreCase("Domain")) {
            Cookies.checkDomain(value);
        } else {
            Cookies.checkAttributeValue(name, value);
        }
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public String getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Map<String, String> getAttributes() {
        return Collections.unmodifiableMap(attributes);
    }
}
