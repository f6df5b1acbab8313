package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar portico.jar ARGS} as a child process, run by the same java as the test, with its stdout and
 * stderr collected line by line. Always {@link #kill()} it in an {@code @AfterEach}.
 */
final class PorticoProcess {
    private static final Pattern BOUND = Pattern.compile("^Portico \\S+ on (http://\\S+) — (\\S+) → (.*)$");
    static final Duration STARTUP = Duration.ofSeconds(20);

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private PorticoProcess(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), out, "out");
        this.errReader = collect(process.getErrorStream(), err, "err");
    }

    static PorticoProcess start(String... args) throws IOException {
        return startWithJvmOptions(List.of(), args);
    }

    /** With {@code java.io.tmpdir} pointing at {@code tmp}, to see what the launcher leaves there. */
    static PorticoProcess startWithTmpDir(Path tmp, String... args) throws IOException {
        return startWithJvmOptions(List.of("-Djava.io.tmpdir=" + tmp), args);
    }

    /** Under {@code ulimit -n files}, to see what the server does when it runs out of file descriptors. */
    static PorticoProcess startWithFileLimit(int files, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n " + files + " && exec \"$@\"",
                "sh"));
        command.addAll(command(List.of(), args));
        return new PorticoProcess(new ProcessBuilder(command).start());
    }

    private static PorticoProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        return new PorticoProcess(new ProcessBuilder(command(jvmOptions, args)).start());
    }

    /** With these environment variables added (e.g. a password that must not be on the command line). */
    static PorticoProcess startWithEnvironment(Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(List.of(), args));
        builder.environment().putAll(environment);
        return new PorticoProcess(builder.start());
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only: these runs are short, and start-up time is most of their cost.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", porticoJar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static Path porticoJar() {
        String jar = System.getProperty("portico.jar");
        if (jar == null) {
            throw new IllegalStateException("system property portico.jar is not set (run through Maven)");
        }
        return Path.of(jar);
    }

    private static Thread collect(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "portico-child-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Waits for the start-up line of the app at {@code context} and returns its base URL (with the context). */
    URI awaitStarted(String context) throws InterruptedException {
        String line = awaitOut(l -> {
            Matcher m = BOUND.matcher(l);
            return m.matches() && m.group(2).equals(context);
        }, STARTUP);
        Matcher m = BOUND.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("no start-up line for " + context + "\n" + transcript());
        }
        return URI.create(m.group(1) + (context.equals("/") ? "" : context));
    }

    URI awaitStarted() throws InterruptedException {
        return awaitStarted("/");
    }

    /** The first stdout line matching, waiting up to {@code timeout}; fails with the transcript otherwise. */
    String awaitOut(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : out) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline || !process.isAlive() && !outReader.isAlive()) {
                throw new AssertionError("expected output did not appear\n" + transcript());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the process to exit and returns its status (the streams are fully read by then). */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("portico did not exit within " + timeout + "\n" + transcript());
        }
        outReader.join(5_000);
        errReader.join(5_000);
        return process.exitValue();
    }

    /**
     * SIGTERM. Through the process handle: {@code Process.destroy()} also closes our ends of the child's pipes, and
     * what it prints while stopping would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> out() {
        return List.copyOf(out);
    }

    List<String> err() {
        return List.copyOf(err);
    }

    /**
     * Waits for the exit of a start that must fail as an operator error: status 2, one line {@code portico: error:}
     * containing {@code message}, no stack trace, no start-up line.
     */
    void assertOperatorError(String message) throws InterruptedException {
        int status = awaitExit(Duration.ofSeconds(30));
        String transcript = transcript();
        assertEquals(2, status, transcript);
        List<String> errors = err().stream().filter(l -> l.startsWith("portico: error: ")).toList();
        assertEquals(1, errors.size(), transcript);
        assertTrue(errors.get(0).contains(message), "expected \"" + message + "\" in\n" + transcript);
        assertTrue(err().stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                "no stack trace for an operator error\n" + transcript);
        assertTrue(out().stream().noneMatch(l -> l.startsWith("Portico ")), transcript);
    }

    String transcript() {
        return "--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" + String.join("\n", err);
    }
}
