package dev.portico.tests.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Keystores made by the JDK's own {@code keytool}, as an operator would make them: a self-signed server key for
 * localhost and 127.0.0.1, its certificate in PEM for curl and openssl, and client keys with a truststore.
 */
public final class Certificates {
    public static final String PASSWORD = "s3cret-pass";

    private final Path dir;

    public Certificates(Path dir) {
        this.dir = dir;
    }

    /** A PKCS12 keystore with a self-signed EC key for CN={@code name}, SAN dns:localhost,ip:127.0.0.1. */
    public Path serverKeystore(String name) throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        return keystore;
    }

    /** The same as {@link #serverKeystore}, in the older JKS format. */
    public Path serverJks(String name) throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".jks");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                "-storetype", "JKS", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        return keystore;
    }

    /** A PKCS12 keystore with a client key for CN={@code name} (self-signed). */
    public Path clientKeystore(String name) throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-validity", "30", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        return keystore;
    }

    /** The certificate of the keystore's only entry, PEM ({@code keytool -exportcert -rfc}). */
    public Path pem(Path keystore) throws IOException, InterruptedException {
        Path pem = dir.resolve(keystore.getFileName() + ".pem");
        keytool("-exportcert", "-rfc", "-alias", alias(keystore), "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-file", pem.toString());
        return pem;
    }

    /** A PKCS12 truststore (password {@link #PASSWORD}) holding the certificates of these keystores. */
    public Path truststore(String name, Path... keystores) throws IOException, InterruptedException {
        Path truststore = dir.resolve(name + ".p12");
        for (Path keystore : keystores) {
            keytool("-importcert", "-noprompt", "-alias", keystore.getFileName().toString(),
                    "-file", pem(keystore).toString(), "-storetype", "PKCS12", "-keystore", truststore.toString(),
                    "-storepass", PASSWORD);
        }
        return truststore;
    }

    public Path passwordFile() throws IOException {
        Path file = dir.resolve("password.txt");
        Files.writeString(file, PASSWORD + "\n");
        return file;
    }

    /** A client context trusting {@code trusted} (a keystore or truststore) and, if given, presenting {@code key}. */
    public static SSLContext clientContext(Path trusted, Path key) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trusted));
        KeyManagerFactory keys = null;
        if (key != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(key), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String alias(Path keystore) throws IOException {
        try {
            return load(keystore).aliases().nextElement();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
