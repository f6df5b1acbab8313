package dev.portico.tests.samples;

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
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium sessions for the browser tests (Debian's chromium and chromedriver), each with a fresh profile;
 * {@link #close()} quits them all and deletes their profiles. {@link #assumeInstalled()} skips a test where Chromium
 * is not installed.
 */
final class Chromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** How long a test waits for the page to show what it expects. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Held so the setting sticks: Selenium warns on every start when Chromium's DevTools version is newer. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    private final List<WebDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    }

    /** A new browser session, with a profile of its own (no shared cookies or storage). */
    WebDriver open() throws IOException {
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

    @Override
    public void close() throws IOException {
        for (WebDriver browser : browsers) {
            browser.quit();
        }
        browsers.clear();
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        profiles.clear();
    }

    /** The texts of the elements matching {@code css}, once the page shows at least {@code count} of them. */
    static List<String> awaitTexts(WebDriver browser, String css, int count) {
        new WebDriverWait(browser, WAIT).until(page -> page.findElements(By.cssSelector(css)).size() >= count);
        List<String> texts = new ArrayList<>();
        for (WebElement item : browser.findElements(By.cssSelector(css))) {
            texts.add(item.getText());
        }
        return texts;
    }
}
