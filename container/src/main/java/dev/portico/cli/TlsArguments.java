package dev.portico.cli;

import dev.portico.server.TlsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The --tls-* options, collected and then checked together. Passwords come from a file or the environment, never
 * from the command line, where {@code ps} would show them.
 */
final class TlsArguments {
    static final String PASSWORD_ENV = "PORTICO_TLS_PASSWORD";
    static final String TRUSTSTORE_PASSWORD_ENV = "PORTICO_TLS_TRUSTSTORE_PASSWORD";

    private final Map<String, String> environment;
    private Path keystore;
    private Path passwordFile;
    private Integer port;
    private List<String> protocols = TlsOptions.DEFAULT_PROTOCOLS;
    private TlsOptions.ClientAuth clientAuth = TlsOptions.ClientAuth.NONE;
    private Path truststore;
    private Path truststorePasswordFile;
    /** The first --tls-* option other than --tls-keystore, to name in the error when there is no keystore. */
    private String firstOther;

    TlsArguments(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Takes one --tls-* option; {@code path} is its value read as a path, for the FILE ones. */
    void apply(Option option, String value, Path path) throws UsageException {
        String flag = option.flag;
        switch (option) {
            case TLS_KEYSTORE -> keystore = path;
            case TLS_PASSWORD_FILE -> passwordFile = path;
            case TLS_PORT -> port = Values.integer(flag, value, 0, 65535);
            case TLS_PROTOCOLS -> protocols = protocols(flag, value);
            case TLS_CLIENT_AUTH -> clientAuth = clientAuth(flag, value);
            case TLS_TRUSTSTORE -> truststore = path;
            case TLS_TRUSTSTORE_PASSWORD_FILE -> truststorePasswordFile = path;
            default -> throw new IllegalStateException(option.name());
        }
        if (option != Option.TLS_KEYSTORE && firstOther == null) {
            firstOther = flag;
        }
    }

    /** @return the TLS settings, or null when no --tls-keystore was given (and so no other --tls-* may be) */
    TlsOptions options(int plainPort) throws UsageException {
        if (keystore == null) {
            if (firstOther != null) {
                throw new UsageException(firstOther + " is about HTTPS, which needs --tls-keystore FILE");
            }
            return null;
        }
        char[] password = password(passwordFile, PASSWORD_ENV, "--tls-password-file");
        if (password == null) {
            throw new UsageException("--tls-keystore " + keystore + " needs its password: --tls-password-file FILE"
                    + " or the environment variable " + PASSWORD_ENV);
        }
        if (port != null && port != 0 && port == plainPort) {
            throw new UsageException("--tls-port " + port + " is also --port: give HTTPS a port of its own, or leave"
                    + " --tls-port out to serve HTTPS only, on --port");
        }
        if (truststore == null && truststorePasswordFile != null) {
            throw new UsageException("--tls-truststore-password-file is about --tls-truststore FILE, and there is"
                    + " none");
        }
        TlsOptions tls = TlsOptions.keystore(keystore, password).withProtocols(protocols).withClientAuth(clientAuth);
        if (port != null) {
            tls = tls.withPort(port);
        }
        if (truststore != null) {
            tls = tls.withTruststore(truststore,
                    password(truststorePasswordFile, TRUSTSTORE_PASSWORD_ENV, "--tls-truststore-password-file"));
        }
        return tls;
    }

    /** The first line of {@code file}, else the environment variable, else null. */
    private char[] password(Path file, String variable, String flag) throws UsageException {
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return (lines.isEmpty() ? "" : lines.get(0)).toCharArray();
            } catch (IOException e) {
                throw new UsageException(flag + " " + file + ": cannot be read ("
                        + (Files.exists(file) ? e.getMessage() : "no such file") + ")");
            }
        }
        String value = environment.get(variable);
        return value == null ? null : value.toCharArray();
    }

    private static List<String> protocols(String flag, String value) throws UsageException {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        if (names.isEmpty()) {
            throw new UsageException(flag + ": '" + value + "' names no protocol (e.g. TLSv1.3,TLSv1.2)");
        }
        return names;
    }

    private static TlsOptions.ClientAuth clientAuth(String flag, String value) throws UsageException {
        try {
            return TlsOptions.ClientAuth.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": '" + value + "' is not none, want or need");
        }
    }
}
