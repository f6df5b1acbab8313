package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operator error: one line on stderr, exit status 2, no stack trace, nothing left running. */
class CliErrorsTest {
    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    static Stream<Arguments> operatorErrors() throws IOException {
        FixtureApps apps = FixtureApps.get();
        String forms = apps.formsJar.toString();
        return Stream.of(
                Arguments.of("no APP and no --static", List.of(),
                        "nothing to serve: name an APP ([/context=]LOCATION[:CLASS]) or --static DIR (see --help)"),
                Arguments.of("unknown option", List.of("--colour", forms + ":fx.Hello"),
                        "unknown option --colour (see --help)"),
                Arguments.of("bad option value", List.of("--port", "eighty", forms + ":fx.Hello"),
                        "--port: 'eighty' is not a whole number from 0 to 65535"),
                Arguments.of("bad size", List.of("--max-body", "10q", forms + ":fx.Hello"),
                        "--max-body: '10q' is not a size in bytes (e.g. 1048576, 512k, 10m)"),
                Arguments.of("--health not a path", List.of("--health", "health", forms + ":fx.Hello"),
                        "--health: 'health' is not a path like /health"),
                Arguments.of("--drain without --health", List.of("--drain", "5s", forms + ":fx.Hello"),
                        "--drain is the time --health reports a stop before it happens, and there is no --health"),
                Arguments.of("bad --forwarded-allow", List.of("--forwarded-allow", "10.0.0.0/33", forms + ":fx.Hello"),
                        "--forwarded-allow: '10.0.0.0/33': the prefix length must be 0 to 32"),
                Arguments.of("duplicate context path", List.of(forms + ":fx.Hello", apps.annotatedJar.toString()),
                        "duplicate context path /: "),
                Arguments.of("missing file", List.of(apps.root.resolve("missing.jar") + ":fx.Hello"),
                        "missing.jar: no such file or directory"),
                Arguments.of("not a jar", List.of(apps.root.resolve("src/classes/fx/Hello.java") + ":fx.Hello"),
                        "Hello.java: not a jar or war file"),
                Arguments.of("class not found", List.of(forms + ":fx.Missing"),
                        "class fx.Missing not found in forms.jar"),
                Arguments.of("class of the wrong type", List.of(forms + ":fx.Plain"),
                        "fx.Plain is not a Servlet, ServletContainerInitializer or ServletContextListener"),
                Arguments.of("no public no-arg constructor", List.of(forms + ":fx.NoDefaultConstructor"),
                        "fx.NoDefaultConstructor has no public no-arg constructor"),
                Arguments.of("nothing servable", List.of(apps.emptyJar.toString()),
                        "nothing to serve in empty.jar: "),
                Arguments.of("missing --lib", List.of(forms + ":fx.Hello", "--lib", apps.root.resolve("nolib.jar").toString()),
                        "--lib " + apps.root.resolve("nolib.jar") + ": no such file or directory"),
                Arguments.of("--static not a directory", List.of("--static", forms),
                        "--static " + forms + ": not a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorErrors")
    void operatorErrorIsOneLineAndExitStatusTwo(String name, List<String> args, String message) throws Exception {
        assertOperatorError(message, args.toArray(String[]::new));
    }

    @Test
    void initThrowingShowsItsMessage() throws Exception {
        assertOperatorError("database unreachable", "--port", "0", FixtureApps.get().formsJar + ":fx.FailingInit");
    }

    /** Two apps that name no context and have no default-context-path would both be the root. */
    @Test
    void twoAppsAtTheSameContextAfterDeploymentAreRefused() throws Exception {
        assertOperatorError("duplicate context path /: ", "--port", "0", FixtureApps.get().formsJar + ":fx.Hello",
                FixtureApps.get().formsJar + ":fx.Init");
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertOperatorError("port " + port + " on 127.0.0.1 is already in use", "--port", String.valueOf(port),
                    FixtureApps.get().formsJar + ":fx.Hello");
        }
    }

    @Test
    void warIsNotLeftUnpackedAfterAnError() throws Exception {
        Path tmp = Files.createTempDirectory("portico-cli-tmp");
        try {
            // The war is unpacked, then the second app fails: the unpacked war must go too.
            portico = PorticoProcess.startWithTmpDir(tmp, "--port", "0", FixtureApps.get().shopWarV1.toString(),
                    "/x=" + FixtureApps.get().root.resolve("missing.jar"));
            assertEquals(2, portico.awaitExit(Duration.ofSeconds(20)), portico.transcript());
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "temporary files left behind");
            }
        } finally {
            FixtureApps.deleteQuietly(tmp);
        }
    }

    private void assertOperatorError(String message, String... args) throws Exception {
        portico = PorticoProcess.start(args);
        portico.assertOperatorError(message);
    }
}
