package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * sample-apps/ws-chat end to end in a real headless browser: two Chromium sessions on the page, each with its own
 * WebSocket to the {@code @ServerEndpoint} (Tyrus over the container's HTTP upgrade), each sees what the other
 * sends. Skipped only where Chromium is not installed.
 */
class WsChatBrowserTest {
    private final Chromium chromium = new Chromium();
    private PorticoCli portico;

    @AfterEach
    void stop() throws IOException {
        chromium.close();
        if (portico != null) {
            portico.close();
        }
    }

    /** Opens the page and waits for its WebSocket to be open, so the session is in the room before anyone speaks. */
    private WebDriver join() throws IOException {
        WebDriver browser = chromium.open();
        browser.get(portico.uri("/").toString());
        new WebDriverWait(browser, Chromium.WAIT)
                .until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        return browser;
    }

    private static void say(WebDriver browser, String text) {
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.cssSelector("#say button")).click();
    }

    /** The chat as the page shows it, a message a line, once it has at least {@code count} lines. */
    private static List<String> awaitLines(WebDriver browser, int count) {
        return Chromium.awaitTexts(browser, "#log li", count);
    }

    @Test
    void twoBrowsersSeeEachOthersMessagesOverWebSocket() throws Exception {
        Chromium.assumeInstalled();
        portico = PorticoCli.start(PorticoCli.sample("ws-chat"));
        WebDriver ann = join();
        WebDriver bo = join();

        say(ann, "hello <b>Bo</b>");
        assertEquals(List.of("hello <b>Bo</b>"), awaitLines(bo, 1));
        // Shown as text: the markup typed did not become an element.
        assertEquals(0, bo.findElements(By.cssSelector("#log b")).size());

        say(bo, "hi Ann & all");
        List<String> expected = List.of("hello <b>Bo</b>", "hi Ann & all");
        assertEquals(expected, awaitLines(ann, 2));
        assertEquals(expected, awaitLines(bo, 2));
        assertEquals("", bo.findElement(By.id("text")).getAttribute("value"), "the sent text is cleared");
    }
}
