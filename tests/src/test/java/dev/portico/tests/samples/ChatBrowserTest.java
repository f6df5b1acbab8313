package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * sample-apps/chat end to end in a real headless browser: two Chromium sessions on the page, each sees what the
 * other sends, delivered by long polling. Skipped only where Chromium is not installed.
 */
class ChatBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Held so the setting sticks: Selenium warns on every start when Chromium's DevTools version is newer. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    private PorticoCli portico;
    private final List<WebDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (WebDriver browser : browsers) {
            browser.quit();
        }
        if (portico != null) {
            portico.close();
        }
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private WebDriver browser() throws IOException {
        Path profile = Files.createTempDirectory("portico-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        browsers.add(browser);
        return browser;
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
        new WebDriverWait(browser, WAIT).until(
                page -> page.findElements(By.cssSelector("#messages li.message")).size() >= count);
        List<String> lines = new ArrayList<>();
        for (WebElement item : browser.findElements(By.cssSelector("#messages li.message"))) {
            lines.add(item.getText());
        }
        return lines;
    }

    @Test
    void twoBrowsersExchangeMessages() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
        // Short polls: the pages poll again and again during the test, and a stop never waits long for a parked one.
        portico = PorticoCli.start(PorticoCli.sample("chat"), "--context-param", "chat.pollTimeoutMs=2000");
        String page = portico.uri("/").toString();

        WebDriver ann = browser();
        WebDriver bo = browser();
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
