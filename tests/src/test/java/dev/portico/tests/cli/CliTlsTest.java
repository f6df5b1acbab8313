package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.tests.tls.Certificates;
import dev.portico.tests.tls.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from the command line: --tls-keystore with its password from a file or the environment, HTTPS alone or
 * beside HTTP, the operator errors, and a renewed keystore picked up while running.
 */
class CliTlsTest {
    private static final Pattern HTTPS_ONLY = Pattern.compile("^Portico \\S+ on https://127\\.0\\.0\\.1:(\\d+) — / → .*");
    private static final Pattern SIDE_BY_SIDE =
            Pattern.compile("^Portico \\S+ on http://127\\.0\\.0\\.1:(\\d+) and https://127\\.0\\.0\\.1:(\\d+) — / → .*");

    @TempDir
    Path dir;
    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    @Test
    void servesHttpsOnThePortWithThePasswordFromAFile() throws Exception {
        Certificates certificates = new Certificates(dir);
        Path keystore = certificates.serverKeystore("localhost");
        portico = PorticoProcess.start("--port", "0", "--tls-keystore", keystore.toString(),
                "--tls-password-file", certificates.passwordFile().toString(), hello());
        int port = port(HTTPS_ONLY, 1);
        Tools.Run curl = Tools.curl("--cacert", certificates.pem(keystore).toString(), "--write-out", " %{http_code}",
                "https://localhost:" + port + "/");
        assertTrue(curl.status() == 0 && curl.output().endsWith(" 200"), curl.output() + "\n" + portico.transcript());
    }

    @Test
    void servesHttpAndHttpsSideBySideWithThePasswordFromTheEnvironment() throws Exception {
        Certificates certificates = new Certificates(dir);
        Path keystore = certificates.serverKeystore("localhost");
        portico = PorticoProcess.startWithEnvironment(Map.of("PORTICO_TLS_PASSWORD", Certificates.PASSWORD),
                "--port", "0", "--tls-port", "0", "--tls-keystore", keystore.toString(), hello());
        int plain = port(SIDE_BY_SIDE, 1);
        int secure = port(SIDE_BY_SIDE, 2);
        Tools.Run http = Tools.curl("--write-out", " %{http_code}", "http://127.0.0.1:" + plain + "/");
        assertTrue(http.output().endsWith(" 200"), http.output());
        Tools.Run https = Tools.curl("--cacert", certificates.pem(keystore).toString(), "--write-out",
                " %{http_code}", "https://127.0.0.1:" + secure + "/");
        assertTrue(https.output().endsWith(" 200"), https.output());
    }

    @Test
    void aRenewedKeystoreIsServedAndABrokenOneIsLoggedAndIgnored() throws Exception {
        Certificates certificates = new Certificates(dir);
        Path first = certificates.serverKeystore("first");
        Path second = certificates.serverKeystore("second");
        Path served = dir.resolve("served.p12");
        Files.copy(first, served);
        portico = PorticoProcess.start("--port", "0", "--tls-keystore", served.toString(),
                "--tls-password-file", certificates.passwordFile().toString(), hello());
        int port = port(HTTPS_ONLY, 1);
        assertEquals("subject=CN=first", subject(port));

        Path broken = dir.resolve("broken.p12");
        Files.write(broken, new byte[] {1, 2, 3});
        Files.move(broken, served, StandardCopyOption.REPLACE_EXISTING);
        awaitErr("keeping the previous one");
        assertEquals("subject=CN=first", subject(port));

        Path renewed = dir.resolve("renewed.p12");
        Files.copy(second, renewed);
        Files.move(renewed, served, StandardCopyOption.REPLACE_EXISTING);
        awaitErr("reloaded");
        assertEquals("subject=CN=second", subject(port));
    }

    @Test
    void aWrongPasswordIsAnOperatorError() throws Exception {
        Certificates certificates = new Certificates(dir);
        Path keystore = certificates.serverKeystore("localhost");
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "not-it\n");
        assertOperatorError("keystore " + keystore + ": wrong password", "--port", "0", "--tls-keystore",
                keystore.toString(), "--tls-password-file", wrong.toString(), hello());
    }

    @Test
    void optionErrorsAreOperatorErrors() throws Exception {
        Certificates certificates = new Certificates(dir);
        Path keystore = certificates.serverKeystore("localhost");
        String password = certificates.passwordFile().toString();
        Path missing = dir.resolve("missing.p12");
        String app = hello();
        List<List<String>> cases = List.of(
                List.of("keystore " + missing + ": no such file",
                        "--tls-keystore", missing.toString(), "--tls-password-file", password),
                List.of("--tls-password-file " + dir.resolve("nopw.txt") + ": cannot be read (no such file)",
                        "--tls-keystore", keystore.toString(), "--tls-password-file", dir.resolve("nopw.txt").toString()),
                List.of("--tls-keystore " + keystore + " needs its password: --tls-password-file FILE or the "
                        + "environment variable PORTICO_TLS_PASSWORD", "--tls-keystore", keystore.toString()),
                List.of("--tls-port is about HTTPS, which needs --tls-keystore FILE", "--tls-port", "8443"),
                List.of("--tls-client-auth: 'maybe' is not none, want or need", "--tls-keystore", keystore.toString(),
                        "--tls-password-file", password, "--tls-client-auth", "maybe"),
                List.of("TLS protocol TLSv9 is not one the JDK knows (known: ", "--tls-keystore", keystore.toString(), "--tls-password-file",
                        password, "--tls-protocols", "TLSv9"),
                List.of("keystore " + password + ": not a keystore the JDK can read",
                        "--tls-keystore", password, "--tls-password-file", password));
        for (List<String> c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("--port", "0"));
            args.addAll(c.subList(1, c.size()));
            args.add(app);
            assertOperatorError(c.get(0), args.toArray(String[]::new));
        }
    }

    private static String hello() throws java.io.IOException {
        return FixtureApps.get().formsJar + ":fx.Hello";
    }

    private int port(Pattern banner, int group) throws InterruptedException {
        Matcher m = banner.matcher(portico.awaitOut(l -> banner.matcher(l).matches(), PorticoProcess.STARTUP));
        assertTrue(m.matches());
        return Integer.parseInt(m.group(group));
    }

    private void awaitErr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (portico.err().stream().noneMatch(l -> l.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" in the log\n" + portico.transcript());
            }
            Thread.sleep(50);
        }
    }

    /** The subject of the certificate a new connection gets, as openssl prints it. */
    private static String subject(int port) throws Exception {
        Tools.Run run = Tools.sClient(port);
        return run.output().lines().filter(l -> l.startsWith("subject=")).findFirst()
                .orElseThrow(() -> new AssertionError(run.output())).replace(" ", "");
    }

    private void assertOperatorError(String message, String... args) throws Exception {
        portico = PorticoProcess.start(args);
        portico.assertOperatorError(message);
    }
}
