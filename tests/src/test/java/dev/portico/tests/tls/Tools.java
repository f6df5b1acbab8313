package dev.portico.tests.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs curl and openssl, the clients an operator would check an HTTPS port with. */
public final class Tools {
    /** What a tool printed (stdout and stderr together) and its exit status. */
    public record Run(int status, String output) {
    }

    private Tools() {
    }

    public static Run curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool("/usr/bin/curl"), "--silent", "--show-error",
                "--max-time", "20"));
        command.addAll(List.of(args));
        return run(command, null);
    }

    /** {@code openssl s_client -connect 127.0.0.1:PORT ARGS}, its input closed at once (it sends nothing). */
    public static Run sClient(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool("/usr/bin/openssl"), "s_client", "-connect",
                "127.0.0.1:" + port, "-servername", "localhost"));
        command.addAll(List.of(args));
        return run(command, "");
    }

    /** {@code openssl s_client}, sending {@code input} once connected and reading to the end ({@code -ign_eof}). */
    public static Run sClientSending(int port, String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool("/usr/bin/openssl"), "s_client", "-connect",
                "127.0.0.1:" + port, "-servername", "localhost", "-ign_eof"));
        command.addAll(List.of(args));
        return run(command, input);
    }

    /** Fails (rather than skips) where the tool should be: CI installs it; only a bare machine may lack it. */
    private static String tool(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is not installed (apt-get install curl openssl)");
        }
        return path;
    }

    private static Run run(List<String> command, String input) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }
}
