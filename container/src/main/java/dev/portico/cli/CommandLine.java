package dev.portico.cli;

import dev.portico.deploy.AppSource;
import dev.portico.server.Compression;
import dev.portico.server.ServerOptions;
import dev.portico.server.TrustedProxies;
import dev.portico.servlet.HealthEndpoint;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code portico [OPTIONS] APP...}: options may come before, between or after the apps, as {@code --opt value} or
 * {@code --opt=value}. {@code --lib}, {@code --init}, {@code --no-async} and {@code --context-param} given before any
 * APP apply to every app, and after an APP to that app only; the rest are global.
 */
final class CommandLine {
    private ServerOptions server = ServerOptions.defaults();
    private final List<AppArgument> apps = new ArrayList<>();
    private final PerApp shared = new PerApp();
    private final Map<Integer, PerApp> perApp = new HashMap<>();
    private Path staticDir;
    private boolean staticDotfiles;
    /** The --gzip-* option given, which is only about --gzip. */
    private String gzipTuned;
    private String accessLog;
    private boolean reload;
    private boolean trace;
    private final TlsArguments tls = new TlsArguments(System.getenv());
    private String healthPath;
    private Duration drain = Duration.ZERO;

    /** What --lib, --init, --no-async and --context-param collected for one app (or for all). */
    private static final class PerApp {
        final List<Path> libraries = new ArrayList<>();
        final Map<String, String> initParams = new LinkedHashMap<>();
        final Map<String, String> contextParams = new LinkedHashMap<>();
        boolean noAsync;
    }

    private CommandLine() {
    }

    static Settings parse(String... args) throws UsageException {
        return new CommandLine().read(args);
    }

    private Settings read(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                for (i++; i < args.length; i++) {
                    apps.add(AppArgument.parse(args[i]));
                }
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                apps.add(AppArgument.parse(arg));
                continue;
            }
            int equals = arg.indexOf('=');
            String flag = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            String attached = flag.length() < arg.length() ? arg.substring(equals + 1) : null;
            Option option = Option.of(flag);
            if (option == null) {
                throw new UsageException("unknown option " + flag + " (see --help)");
            }
            if (option == Option.HELP || option == Option.VERSION) {
                return new Settings(server, List.of(), null, null, false, false, option);
            }
            if (option.argument == null) {
                if (attached != null) {
                    throw new UsageException(flag + " takes no value");
                }
                apply(option, null);
            } else if (option == Option.ACCESS_LOG) {
                // The file is optional: take the next word only if it cannot be an APP or an option.
                if (attached == null && i + 1 < args.length && isLogTarget(args[i + 1])) {
                    attached = args[++i];
                }
                accessLog = attached == null || attached.isEmpty() ? "-" : attached;
            } else {
                if (attached == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(flag + " needs a value: " + flag + " " + option.argument);
                    }
                    attached = args[++i];
                }
                apply(option, attached);
            }
        }
        return settings();
    }

    private void apply(Option option, String value) throws UsageException {
        String flag = option.flag;
        PerApp target = apps.isEmpty() ? shared : perApp.computeIfAbsent(apps.size() - 1, k -> new PerApp());
        if (option.name().startsWith("TLS_")) {
            tls.apply(option, value, option.argument.equals("FILE") ? path(flag, value) : null);
            return;
        }
        switch (option) {
            case PORT -> server = server.withPort(Values.integer(flag, value, 0, 65535));
            case HOST -> server = server.withHost(host(value));
            case THREADS -> server = server.withThreads(Values.integer(flag, value, 0, 100_000));
            case MAX_CONNECTIONS -> server = server.withMaxConnections(Values.integer(flag, value, 1, 1_000_000));
            case IDLE_TIMEOUT -> server = server.withIdleTimeout(positive(flag, value, Values.duration(flag, value)));
            case MAX_BODY -> server = server.withLimits(server.limits().withMaxBody(Values.size(flag, value)));
            case MAX_FORM_SIZE -> server = server.withLimits(server.limits().withMaxFormSize(Values.size(flag, value)));
            case MAX_PARAMETERS -> server = server.withLimits(server.limits()
                    .withMaxParameters(Values.integer(flag, value, 0, 10_000_000)));
            case MIN_BODY_RATE -> server = server.withMinBodyRate(
                    Values.size(flag, value.endsWith("/s") ? value.substring(0, value.length() - 2) : value),
                    server.bodyRateGrace());
            case FORWARDED_ALLOW -> server = server.withTrustedProxies(trustedProxies(flag, value));
            case GZIP -> server = server.withCompression(server.compression().withEnabled(true));
            case GZIP_TYPES -> {
                gzipTuned = flag;
                server = server.withCompression(gzipTypes(flag, value));
            }
            case GZIP_MIN_SIZE -> {
                gzipTuned = flag;
                server = server.withCompression(server.compression().withMinSize(Values.size(flag, value)));
            }
            case STATIC -> staticDir = path(flag, value);
            case STATIC_DOTFILES -> staticDotfiles = true;
            case RELOAD -> reload = true;
            case TRACE -> trace = true;
            case HEALTH -> healthPath = healthPath(value);
            case DRAIN -> drain = Values.duration(flag, value);
            case LIB -> target.libraries.add(path(flag, value));
            case INIT -> {
                Map.Entry<String, String> pair = Values.pair(flag, value);
                if (target != shared && apps.get(apps.size() - 1).className() == null) {
                    throw new UsageException(flag + " " + value + ": init parameters are for a servlet named as "
                            + "LOCATION:CLASS, and " + apps.get(apps.size() - 1).location() + " names no class");
                }
                target.initParams.put(pair.getKey(), pair.getValue());
            }
            case NO_ASYNC -> {
                if (target != shared && apps.get(apps.size() - 1).className() == null) {
                    throw new UsageException(flag + " is about a servlet named as LOCATION:CLASS, and "
                            + apps.get(apps.size() - 1).location() + " names no class");
                }
                target.noAsync = true;
            }
            case CONTEXT_PARAM -> {
                Map.Entry<String, String> pair = Values.pair(flag, value);
                target.contextParams.put(pair.getKey(), pair.getValue());
            }
            default -> throw new IllegalStateException(option.name());
        }
    }

    private static Duration positive(String flag, String value, Duration duration)
            throws UsageException {
        if (duration.isZero()) {
            throw new UsageException(flag + ": '" + value + "' must be more than zero");
        }
        return duration;
    }

    private static TrustedProxies trustedProxies(String flag, String value) throws UsageException {
        try {
            return TrustedProxies.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage() + " (expected addresses and CIDR blocks, * or none)");
        }
    }

    private Compression gzipTypes(String flag, String value) throws UsageException {
        List<String> types = new ArrayList<>();
        for (String type : value.split(",", -1)) {
            if (type.isBlank()) {
                throw new UsageException(flag + ": '" + value + "' has an empty type");
            }
            types.add(type.trim());
        }
        try {
            return server.compression().withTypes(types);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    private static String host(String value) throws UsageException {
        if (value.isBlank() || value.chars().anyMatch(c -> c <= ' ' || c == '/')) {
            throw new UsageException("--host: '" + value + "' is not a host name or address");
        }
        return value;
    }

    private static String healthPath(String value) throws UsageException {
        try {
            return HealthEndpoint.checkPath(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--health: '" + value + "' is not a path like /health (one that starts with / "
                    + "and has no . or .. segments)");
        }
    }

    private static Path path(String flag, String value) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(flag + ": '" + value + "' is not a path");
        }
    }

    /** "-", or a word that is neither an option nor something that reads as an APP. */
    private static boolean isLogTarget(String word) {
        if (word.equals("-")) {
            return true;
        }
        if (word.startsWith("-")) {
            return false;
        }
        try {
            AppArgument app = AppArgument.parse(word);
            String name = app.location().toString().toLowerCase(Locale.ROOT);
            return app.className() == null && app.contextPath() == null && !word.contains("=")
                    && !name.endsWith(".jar") && !name.endsWith(".war") && !Files.isDirectory(app.location());
        } catch (UsageException e) {
            return false;
        }
    }

    private Settings settings() throws UsageException {
        if (apps.isEmpty() && staticDir == null) {
            throw new UsageException("nothing to serve: name an APP ([/context=]LOCATION[:CLASS]) or --static DIR"
                    + " (see --help)");
        }
        if (staticDotfiles && staticDir == null) {
            throw new UsageException("--static-dotfiles is about the files of --static DIR, and there is no --static");
        }
        if (gzipTuned != null && !server.compression().enabled()) {
            throw new UsageException(gzipTuned + " is about --gzip, and there is no --gzip");
        }
        Map<String, AppArgument> byContext = new HashMap<>();
        List<AppSource> sources = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            AppArgument app = apps.get(i);
            // Apps that name no context are checked once deployed, when their <default-context-path> is known.
            AppArgument clash = app.contextPath() == null ? null : byContext.putIfAbsent(app.contextPath(), app);
            if (clash != null) {
                throw new UsageException("duplicate context path " + app.displayContext() + ": "
                        + clash.location() + " and " + app.location() + " (give one a /context=)");
            }
            PerApp own = perApp.getOrDefault(i, new PerApp());
            List<Path> libraries = new ArrayList<>(shared.libraries);
            libraries.addAll(own.libraries);
            Map<String, String> init = new LinkedHashMap<>();
            if (app.className() != null) {
                init.putAll(shared.initParams);
            }
            init.putAll(own.initParams);
            Map<String, String> context = new LinkedHashMap<>(shared.contextParams);
            context.putAll(own.contextParams);
            boolean async = !(shared.noAsync || own.noAsync);
            sources.add(new AppSource(app.contextPath(), app.location(), app.className(), libraries, init, context,
                    async));
        }
        server = server.withTls(tls.options(server.port()));
        if (!drain.isZero() && healthPath == null) {
            throw new UsageException("--drain is the time --health reports a stop before it happens, and there is no "
                    + "--health");
        }
        return new Settings(server, List.copyOf(sources), staticDir, accessLog, reload, trace, null, staticDotfiles,
                healthPath, drain);
    }
}
