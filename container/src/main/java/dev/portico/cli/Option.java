package dev.portico.cli;

import dev.portico.http.HttpLimits;
import dev.portico.server.Compression;
import dev.portico.server.ServerOptions;
import dev.portico.server.TlsOptions;
import dev.portico.server.TrustedProxies;

/** Every command-line option, with what --help says about it. */
enum Option {
    PORT("--port", "N", "port to listen on; 0 picks any free port", String.valueOf(ServerOptions.DEFAULT_PORT)),
    HOST("--host", "ADDR", "address to bind; 0.0.0.0 listens on every interface", ServerOptions.DEFAULT_HOST),
    THREADS("--threads", "N", "0: a virtual thread per connection on Java 21+, else "
            + ServerOptions.DEFAULT_POOL_THREADS + " platform threads; N: a pool of N; 1: the iterative server "
            + "(one request at a time)", "0"),
    MAX_CONNECTIONS("--max-connections", "N", "open connections beyond which new clients wait",
            String.valueOf(ServerOptions.DEFAULT_MAX_CONNECTIONS)),
    IDLE_TIMEOUT("--idle-timeout", "TIME", "how long a keep-alive connection may wait for its next request "
            + "(seconds, or 500ms, 30s, 2m)", ServerOptions.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s"),
    MAX_BODY("--max-body", "SIZE", "largest request body accepted, else 413 (bytes, or 512k, 10m, 1g)",
            (HttpLimits.DEFAULT_MAX_BODY >> 20) + "m"),
    MAX_FORM_SIZE("--max-form-size", "SIZE", "largest form decoded into parameters (urlencoded body, or multipart "
            + "fields together), else 413", (HttpLimits.DEFAULT_MAX_FORM_SIZE >> 20) + "m"),
    MAX_PARAMETERS("--max-parameters", "N", "most request parameters (query and form), else 413",
            String.valueOf(HttpLimits.DEFAULT_MAX_PARAMETERS)),
    MIN_BODY_RATE("--min-body-rate", "BYTES/s", "slowest average a request body may arrive at once the app has "
            + "waited " + ServerOptions.DEFAULT_BODY_RATE_GRACE.toSeconds() + "s for it, else 408; 0: no minimum",
            ServerOptions.DEFAULT_MIN_BODY_RATE + "/s"),
    TLS_KEYSTORE("--tls-keystore", "FILE", "serve HTTPS with the key and certificate chain in FILE (PKCS12, or "
            + "JKS); re-read when the file changes", "off"),
    TLS_PASSWORD_FILE("--tls-password-file", "FILE", "the keystore's password: the first line of FILE (else the "
            + "environment variable " + TlsArguments.PASSWORD_ENV + "; never on the command line)", null),
    TLS_PORT("--tls-port", "N", "serve HTTPS on N beside plain HTTP on --port; without it HTTPS replaces HTTP on "
            + "--port", "off"),
    TLS_PROTOCOLS("--tls-protocols", "LIST", "the TLS versions offered, comma-separated (cipher suites: the JDK's)",
            String.join(",", TlsOptions.DEFAULT_PROTOCOLS)),
    TLS_CLIENT_AUTH("--tls-client-auth", "MODE", "ask clients for a certificate: none, want (served without one "
            + "too) or need (refused without one)", "none"),
    TLS_TRUSTSTORE("--tls-truststore", "FILE", "the CA certificates a client certificate must chain to (PKCS12 or "
            + "JKS)", "the JDK's cacerts"),
    TLS_TRUSTSTORE_PASSWORD_FILE("--tls-truststore-password-file", "FILE", "the truststore's password, first line "
            + "of FILE (else " + TlsArguments.TRUSTSTORE_PASSWORD_ENV + "; a store of certificates only needs none)",
            null),
    FORWARDED_ALLOW("--forwarded-allow", "IPS|CIDRS", "peers whose Forwarded and X-Forwarded-* headers are believed "
            + "(client address, scheme, host, port, prefix): a comma list of addresses and CIDR blocks, * for all, "
            + "none for no one", TrustedProxies.DEFAULT),
    ACCESS_LOG("--access-log", "[FILE|-]", "one Combined Log Format line per request, appended to FILE; "
            + "with - or no FILE, to stdout", "off"),
    GZIP("--gzip", null, "gzip-compress responses for clients that accept it (text, JSON, JavaScript, XML, SVG); "
            + "see README: Compression", "off"),
    GZIP_TYPES("--gzip-types", "TYPES", "with --gzip: the media types compressed, comma-separated "
            + "(type/subtype, type/*, type/*+suffix)",
            String.join(",", Compression.DEFAULT_TYPES.stream().map(String::valueOf).toList())),
    GZIP_MIN_SIZE("--gzip-min-size", "SIZE", "with --gzip: a response known to be shorter is sent uncompressed",
            String.valueOf(Compression.DEFAULT_MIN_SIZE)),
    STATIC("--static", "DIR", "serve DIR's files at the root of the first context, or alone with no APP", "off"),
    STATIC_DOTFILES("--static-dotfiles", null, "also serve and list names starting with \".\" under --static DIR "
            + "(.git, .env, ...); /.well-known/ is always served", "off"),
    RELOAD("--reload", null, "redeploy an app when its files change; a version that fails to start leaves the "
            + "running one serving", "off"),
    HEALTH("--health", "PATH", "answer PATH with a JSON health report before any app: 200 while serving, 503 once a "
            + "stop has begun", "off"),
    DRAIN("--drain", "TIME", "on a stop, keep serving this long with --health at 503 before closing the port, so a "
            + "load balancer takes the instance out first", "0s"),
    TRACE("--trace", null, "log each raw request head, its mapping and the response head (logger dev.portico.trace)",
            "off"),
    LIB("--lib", "PATH", "a jar, or a directory of jars, for the app's class path (after its own classes)", null),
    INIT("--init", "NAME=VALUE", "an init parameter of the servlet named by LOCATION:CLASS", null),
    NO_ASYNC("--no-async", null, "register the servlet named by LOCATION:CLASS without async support (by default "
            + "it has it; its own @WebServlet, if any, decides)", null),
    CONTEXT_PARAM("--context-param", "NAME=VALUE", "a context parameter (overrides web.xml's)", null),
    HELP("--help", null, "show this help and exit", null),
    VERSION("--version", null, "show the version and exit", null);

    final String flag;
    final String argument;
    final String help;
    /** The default shown by --help; null for the per-app options and the actions. */
    final String defaultValue;

    Option(String flag, String argument, String help, String defaultValue) {
        this.flag = flag;
        this.argument = argument;
        this.help = help;
        this.defaultValue = defaultValue;
    }

    /** Per-app options: before every APP they apply to all apps, after an APP to that app only. */
    boolean perApp() {
        return this == LIB || this == INIT || this == NO_ASYNC || this == CONTEXT_PARAM;
    }

    static Option of(String flag) {
        for (Option option : values()) {
            if (option.flag.equals(flag)) {
                return option;
            }
        }
        return switch (flag) {
            case "-h" -> HELP;
            case "-V" -> VERSION;
            default -> null;
        };
    }
}
