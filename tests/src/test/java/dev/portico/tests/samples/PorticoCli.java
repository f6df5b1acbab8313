package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real launcher in a child process: {@code java -jar portico.jar --port 0 ARGS...}. The port is read from the
 * start line ({@code Portico 0.1.0 on http://127.0.0.1:PORT — ...}); everything the child prints is kept so a test
 * can wait for a log line, and written at the end to {@code target/portico-runs/TestClass.testMethod-PORT.log} so a
 * failure can be read with the server's side of the story.
 */
final class PorticoCli implements AutoCloseable {
    private static final Pattern START_LINE = Pattern.compile("Portico \\S+ on http://[^\\s/]+:(\\d+)");
    /** Generous: a Spring or Jersey app starts in a few seconds, slower on a busy 2-core CI machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String caller;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private PorticoCli(Process process, String caller) {
        this.process = process;
        this.caller = caller;
    }

    /** Starts the CLI with {@code --port 0} and the given arguments, and waits for its start line. */
    static PorticoCli start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("portico.jar", "../container/target/portico.jar"));
        assertTrue(Files.isRegularFile(jar), "build the container first (mvn package): no " + jar.toAbsolutePath());
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--port", "0"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        PorticoCli cli = new PorticoCli(process, caller());
        Thread reader = new Thread(cli::readOutput, "portico-cli-output");
        reader.setDaemon(true);
        reader.start();
        try {
            cli.port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            cli.close();
            fail("Portico did not start with " + command + ": " + e + "\n--- its output ---\n" + cli.output());
        }
        return cli;
    }

    /** The test method (or set-up method) that started this run, as {@code Class.method}. */
    private static String caller() {
        String here = PorticoCli.class.getPackageName() + ".";
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> frame.getClassName().startsWith(here)
                        && !frame.getClassName().equals(PorticoCli.class.getName()))
                .reduce((inner, outer) -> outer)
                .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                        + frame.getMethodName())
                .orElse("unknown"));
    }

    /** {@code sample-apps/NAME/target/NAME.jar}, checked to exist. */
    static String sample(String name) {
        Path jar = Path.of(System.getProperty("portico.samples", "../sample-apps"), name, "target", name + ".jar");
        assertTrue(Files.isRegularFile(jar), "build the samples first (mvn package): no " + jar.toAbsolutePath());
        return jar.toString();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                    output.notifyAll();
                }
                Matcher start = START_LINE.matcher(line);
                if (start.find()) {
                    port.complete(Integer.parseInt(start.group(1)));
                }
            }
        } catch (IOException e) {
            // The child is gone; the exit below tells the waiter.
        }
        port.completeExceptionally(new IllegalStateException("Portico exited before its start line"));
        synchronized (output) {
            output.notifyAll();
        }
    }

    int port() {
        return port.join();
    }

    /** {@code http://127.0.0.1:PORT} + path (a path with its query, starting with '/'). */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Waits (up to 10 s) for a line of output to match; the line, or a failure showing all output. */
    String awaitOutputLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (output) {
            for (int seen = 0; ; ) {
                for (; seen < output.size(); seen++) {
                    if (wanted.test(output.get(seen))) {
                        return output.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && seen == output.size()) {
                    return fail("no such line in Portico's output:\n" + String.join("\n", output));
                }
                TimeUnit.NANOSECONDS.timedWait(output, left);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Path runs = Files.createDirectories(Path.of("target", "portico-runs"));
            int bound = port.isDone() && !port.isCompletedExceptionally() ? port.join() : 0;
            Files.writeString(runs.resolve(caller + "-" + bound + ".log"), output() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only a debugging aid.
        }
    }
}
