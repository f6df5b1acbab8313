package dev.portico.cli;

import java.util.ArrayList;
import java.util.List;

/** The --help text, built from {@link Option} so it cannot drift from what the parser accepts. */
final class Help {
    private static final int WIDTH = 100;
    private static final int COLUMN = 30;

    private Help() {
    }

    static String text() {
        StringBuilder help = new StringBuilder();
        help.append("Usage: java -jar portico.jar [OPTIONS] APP...\n")
                .append("Serves Jakarta Servlet web apps over HTTP/1.1.\n\n")
                .append("APP is [/context=]LOCATION[:CLASS]\n");
        row(help, "  LOCATION", "a jar, a directory of classes (or an unpacked war), or a .war");
        row(help, "  CLASS", "a Servlet (served at /* of its context), a ServletContainerInitializer or a "
                + "ServletContextListener; without it the app is discovered: WEB-INF/web.xml, "
                + "@WebServlet/@WebFilter/@WebListener on its classes, and its ServletContainerInitializers");
        row(help, "  /context", "the path the app is served under; default /");
        help.append("\nOptions:\n");
        for (Option option : Option.values()) {
            String name = "  " + option.flag + (option.argument == null ? "" : " " + option.argument);
            String text = option.help + (option.defaultValue == null ? "" : " (default: " + option.defaultValue + ")");
            row(help, name, text);
        }
        help.append("\n--lib, --init, --no-async and --context-param given before every APP apply to all apps; after an\n")
                .append("APP, to that app only.\n")
                .append("Exit status: 0 after a clean stop (SIGTERM, Ctrl-C), 2 for an operator error.\n")
                .append("\nExamples:\n")
                .append("  java -jar portico.jar hello.jar:example.hello.HelloServlet\n")
                .append("  java -jar portico.jar --port 0 /shop=shop.war /api=api.jar --lib lib/\n")
                .append("  java -jar portico.jar --static ./public\n");
        return help.toString();
    }

    /** "  --port N      text wrapped to the right of the column". */
    private static void row(StringBuilder help, String name, String text) {
        List<String> lines = wrap(text, WIDTH - COLUMN);
        help.append(name);
        if (name.length() >= COLUMN - 1) {
            help.append('\n').append(" ".repeat(COLUMN));
        } else {
            help.append(" ".repeat(COLUMN - name.length()));
        }
        help.append(lines.get(0)).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            help.append(" ".repeat(COLUMN)).append(lines.get(i)).append('\n');
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
