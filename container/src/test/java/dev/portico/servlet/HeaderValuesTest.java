package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {
    @Test
    void findsAndRemovesTheCharsetParameter() {
        assertEquals("UTF-8", HeaderValues.charset("text/html; charset=\"UTF-8\""));
        assertEquals("utf-8", HeaderValues.charset("text/html;level=1;Charset=utf-8"));
        assertNull(HeaderValues.charset("text/html"));
        assertEquals("text/html;level=1", HeaderValues.withoutCharset("text/html; charset=UTF-8; level=1"));
        assertEquals("text/html", HeaderValues.mediaType(" text/html ;charset=x"));
    }

    @Test
    void ordersLocalesByWeightStably() {
        assertEquals(List.of(Locale.forLanguageTag("fr"), Locale.forLanguageTag("de"), Locale.forLanguageTag("en")),
                HeaderValues.locales(List.of("en;q=0.5, fr, *;q=0.9", "de;q=0.9, es;q=0")));
    }

    @Test
    void httpDatesRoundTripAndAcceptTheObsoleteForms() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", dev.portico.http.HttpDate.format(784111777000L));
        assertEquals(784111777000L, dev.portico.http.HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(784111777000L, dev.portico.http.HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(784111777000L, dev.portico.http.HttpDate.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(-1, dev.portico.http.HttpDate.parse("yesterday"));
    }

    @Test
    void parsesCookiesSkippingInvalidPairs() {
        Cookie[] cookies = Cookies.parse(List.of("a=1; bad name=2; b=\"q\"; =x; c"));
        assertEquals(2, cookies.length);
        assertEquals("a", cookies[0].getName());
        assertEquals("\"q\"", cookies[1].getValue(), "RFC 6265 §5.2: the DQUOTEs are part of the value");
    }

    @Test
    void formatsSetCookie() {
        Cookie c = new Cookie("id", "v");
        c.setPath("/");
        c.setHttpOnly(true);
        c.setAttribute("SameSite", "None");
        assertEquals("id=v; Path=/; HttpOnly; SameSite=None", Cookies.format(c));
    }
}
