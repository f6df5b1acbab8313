package dev.portico.servlet;

import dev.portico.http.HttpFields;
import jakarta.servlet.http.Cookie;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The request's header fields as the servlet API reads them: plain values, numbers and dates, and the two that are
 * parsed once on first use — the Cookie fields (for both the app and the session lookup) and Accept-Language.
 */
final class RequestHeaders {
    private final HttpFields fields;
    private Cookie[] cookies;
    private List<Locale> locales;

    RequestHeaders(HttpFields fields) {
        this.fields = fields;
    }

    String get(String name) {
        return fields.get(name);
    }

    Enumeration<String> all(String name) {
        return Collections.enumeration(fields.getAll(name));
    }

    Enumeration<String> names() {
        return Collections.enumeration(fields.names());
    }

    /** {@code getIntHeader}: -1 when absent; a value that is not a number throws NumberFormatException. */
    int intValue(String name) {
        String value = fields.get(name);
        return value == null ? -1 : Integer.parseInt(value.trim());
    }

    long date(String name) {
        return HeaderValues.date(name, fields.get(name));
    }

    /** The parsed Cookie fields, shared: callers must not change the array. */
    Cookie[] cookies() {
        if (cookies == null) {
            cookies = Cookies.parse(fields.getAll("Cookie"));
        }
        return cookies;
    }

    /** {@code getCookies}: a copy the app may change, or null when the client sent none. */
    Cookie[] cookiesForApp() {
        Cookie[] parsed = cookies();
        return parsed.length == 0 ? null : parsed.clone();
    }

    /** The preferred locale, else the server's default (ServletRequest.getLocale). */
    Locale locale() {
        List<Locale> list = locales();
        return list.isEmpty() ? Locale.getDefault() : list.get(0);
    }

    Enumeration<Locale> localesForApp() {
        List<Locale> list = locales();
        return Collections.enumeration(list.isEmpty() ? List.of(Locale.getDefault()) : list);
    }

    private List<Locale> locales() {
        if (locales == null) {
            locales = HeaderValues.locales(fields.getAll("Accept-Language"));
        }
        return locales;
    }
}
