package dev.portico.servlet;

import dev.portico.http.HttpFields;
import dev.portico.server.Exchange;
import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields the app sets on a response: setHeader/addHeader (Content-Type and Content-Length among them go
 * to the response's own setters), cookies and the session cookie, each value checked for CR and LF first. The
 * response says when the head may change; these are ignored once it may not.
 */
final class ResponseHeaders {
    private final PorticoResponse response;
    private final Exchange exchange;

    ResponseHeaders(PorticoResponse response, Exchange exchange) {
        this.response = response;
        this.exchange = exchange;
    }

    /** {@code setHeader}: a null value removes the header. */
    void set(String name, String value) {
        if (name == null || !response.headMutable() || special(name, value)) {
            return;
        }
        if (value == null) {
            exchange.responseHeaders().remove(name);
        } else {
            exchange.responseHeaders().set(name, checked(value));
        }
    }

    void add(String name, String value) {
        if (name == null || value == null || !response.headMutable() || special(name, value)) {
            return;
        }
        exchange.responseHeaders().add(name, checked(value));
    }

    /** Content-Type and Content-Length set as headers go through their own setters so the state stays one. */
    private boolean special(String name, String value) {
        if (name.equalsIgnoreCase("Content-Type")) {
            response.setContentType(value);
            return true;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            if (value == null) {
                response.setContentLengthLong(-1);
            } else {
                try {
                    response.setContentLengthLong(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Content-Length is not a number: " + value);
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A CR or LF in a value would let the app (or its user) split the response (the writer's last line of defence
     * turns them into spaces: a garbled header instead). The one check for every setter that ends in a header:
     * setHeader/addHeader, setContentType, setCharacterEncoding, addCookie, sendRedirect.
     */
    static String checked(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header value contains CR, LF or NUL");
            }
        }
        return value;
    }

    void addCookie(Cookie cookie) {
        if (response.headMutable()) {
            exchange.responseHeaders().add("Set-Cookie", checked(Cookies.format(cookie)));
        }
    }

    /**
     * Replaces the Set-Cookie of {@code cookieName}, if any, with {@code value}. The session cookie may be added
     * even from an include (§9.3, getSession is the exception).
     */
    void setSessionCookie(String cookieName, String value) {
        if (exchange.isCommitted()) {
            return;
        }
        HttpFields headers = exchange.responseHeaders();
        List<String> kept = new ArrayList<>();
        for (String v : headers.getAll("Set-Cookie")) {
            if (!v.startsWith(cookieName + "=")) {
                kept.add(v);
            }
        }
        headers.remove("Set-Cookie");
        for (String v : kept) {
            headers.add("Set-Cookie", v);
        }
        headers.add("Set-Cookie", value);
    }
}
