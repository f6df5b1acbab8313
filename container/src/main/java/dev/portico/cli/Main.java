package dev.portico.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar portico.jar [OPTIONS] APP...}. Prints one line per app with the URL actually bound; an operator
 * error is one line on stderr ({@code portico: error: ...}) and exit status 2, with nothing left running.
 */
public final class Main {
    static final int OPERATOR_ERROR = 2;
    /** The logger the layers write raw request heads, mappings and response heads to. */
    static final String TRACE_LOGGER = "dev.portico.trace";

    private Main() {
    }

    public static void main(String[] args) {
        // Before any logger exists: slf4j-simple reads a logger's level when the logger is created.
        if (Arrays.asList(args).contains("--trace")) {
            System.setProperty("org.slf4j.simpleLogger.log." + TRACE_LOGGER, "debug");
        }
        Settings settings;
        try {
            settings = CommandLine.parse(args);
        } catch (UsageException e) {
            exit(fail(System.err, e.getMessage()));
            return;
        }
        if (settings.action() == Option.HELP) {
            System.out.print(Help.text());
            exit(0);
        } else if (settings.action() == Option.VERSION) {
            System.out.println("Portico " + Version.current() + " (Java " + Runtime.version() + ")");
            exit(0);
        }

        Launcher launcher = new Launcher(settings, System.out);
        try {
            launcher.start();
        } catch (UsageException e) {
            exit(fail(System.err, e.getMessage()));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "portico-shutdown"));
        Signals.exitCleanlyOn("TERM", "INT");
        try {
            launcher.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launcher.stop();
        exit(0);
    }

    static int fail(PrintStream err, String message) {
        err.println("portico: error: " + message);
        err.flush();
        return OPERATOR_ERROR;
    }

    /** Exits even if an app left non-daemon threads behind. */
    private static void exit(int status) {
        System.out.flush();
        System.exit(status);
    }
}
