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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * sample-apps/chat end to end in a real headless browser: two Chromium sessions on the page, each sees what the
 * other sends, delivered by long polling. Skipped only where Chromium is not installed.
 */
class ChatBrowserTest {
    private final Chromium chromium = new Chromium();
    private PorticoCli portico;

    @AfterEach
    void stop() throws IOException {
        chromium.close();
        if (portico != null) {
            portico.close();
        }
    }

    private static void say(WebDriver browser, String name, String text) {
        WebElement nameInput = browser.findElement(By.id("name"));
        nameInput.clear();
        nameInput.sendKeys(name);
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.id("send")).click();
    }

    /** The chat as the page shows it, one "name: text" a line, once it has at least {@code count} lines. */
    private static List<String> awaitLines(WebDriver browser, int count) {
        return Chromium.awaitTexts(browser, "#messages li.message", count);
    }

    @Test
    void twoBrowsersExchangeMessages() throws Exception {
        Chromium.assumeInstalled();
        // Short polls: the pages poll again and again during the test, and a stop never waits long for a parked one.
        portico = PorticoCli.start(PorticoCli.sample("chat"), "--context-param", "chat.pollTimeoutMs=2000");
        String page = portico.uri("/").toString();

        WebDriver ann = chromium.open();
        WebDriver bo = chromium.open();
        ann.get(page);
        bo.get(page);

        say(ann, "Ann", "hello <b>Bo</b>");
        assertEquals(List.of("Ann: hello <b>Bo</b>"), awaitLines(bo, 1));
        // Shown as text: the markup the user typed did not become an element.
        assertEquals(0, bo.findElements(By.cssSelector("#messages b:not(.name)")).size());

        say(bo, "Bo", "hi Ann & all");
        List<String> expected = List.of("Ann: hello <b>Bo</b>", "Bo: hi Ann & all");
        assertEquals(expected, awaitLines(ann, 2));
        assertEquals(expected, awaitLines(bo, 2));
        assertEquals("", bo.findElement(By.id("text")).getAttribute("value"), "the sent text is cleared");
    }
}
