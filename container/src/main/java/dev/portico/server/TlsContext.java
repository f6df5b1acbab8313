package dev.portico.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server's TLS material, loaded from the keystore (and truststore) of {@link TlsOptions}: the SSLContext that
 * new connections are wrapped with. {@link #reload()} swaps in a fresh one when the files change; connections
 * already open keep the context they started with.
 */
final class TlsContext {
    private final TlsOptions options;
    private final AtomicReference<SSLContext> current = new AtomicReference<>();

    /** Loads the keystore now, so a bad file or password stops the start. */
    TlsContext(TlsOptions options) throws TlsConfigurationException {
        this.options = options;
        SSLContext context = load();
        parameters(context);  // an unknown protocol name fails here, at start-up, not at the first handshake
        current.set(context);
    }

    TlsOptions options() {
        return options;
    }

    /** Re-reads the files; on failure the context in use stays. @throws TlsConfigurationException why it failed */
    void reload() throws TlsConfigurationException {
        current.set(load());
    }

    /**
     * The server side of a TLS connection over {@code raw}, whose first bytes {@code consumed} were already read
     * (to tell TLS from plain HTTP). Closing it closes {@code raw}.
     */
    SSLSocket wrap(Socket raw, byte[] consumed) throws IOException {
        SSLContext context = current.get();
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(raw, new ByteArrayInputStream(consumed), true);
        socket.setUseClientMode(false);
        socket.setSSLParameters(parameters(context));
        return socket;
    }

    private SSLParameters parameters(SSLContext context) throws TlsConfigurationException {
        SSLParameters parameters = context.getDefaultSSLParameters();
        for (String protocol : options.protocols()) {
            try {
                // SSLParameters takes any name; an engine is what checks it against the ones the JDK knows.
                context.createSSLEngine().setEnabledProtocols(new String[] {protocol});
            } catch (IllegalArgumentException e) {
                throw new TlsConfigurationException("TLS protocol " + protocol + " is not one the JDK knows (known: "
                        + String.join(",", context.getSupportedSSLParameters().getProtocols()) + ")");
            }
        }
        parameters.setProtocols(options.protocols().toArray(String[]::new));
        switch (options.clientAuth()) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            case NONE -> parameters.setNeedClientAuth(false);
        }
        return parameters;
    }

    private SSLContext load() throws TlsConfigurationException {
        KeyStore keys = read(options.keystore(), options.keystoreType(), options.keystorePassword(), "keystore");
        try {
            if (!Collections.list(keys.aliases()).stream().anyMatch(alias -> isKey(keys, alias))) {
                throw new TlsConfigurationException("keystore " + options.keystore() + ": holds no private key");
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, options.keystorePassword());
            TrustManagerFactory trustManagers = null;
            if (options.truststore() != null) {
                KeyStore trusted = read(options.truststore(), null, options.truststorePassword(), "truststore");
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(),
                    trustManagers == null ? null : trustManagers.getTrustManagers(), null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new TlsConfigurationException("keystore " + options.keystore()
                    + ": the key cannot be read with the keystore's password");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException("keystore " + options.keystore() + ": " + e.getMessage());
        }
    }

    private static boolean isKey(KeyStore keys, String alias) {
        try {
            return keys.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore read(Path file, String type, char[] password, String what)
            throws TlsConfigurationException {
        if (!Files.isRegularFile(file)) {
            throw new TlsConfigurationException(what + " " + file + ": " + (Files.exists(file)
                    ? "not a file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new TlsConfigurationException(what + " " + file + ": cannot be read (permission denied)");
        }
        try {
            if (type == null) {
                return KeyStore.getInstance(file.toFile(), password);  // the JDK tells PKCS12 from JKS
            }
            KeyStore store = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            return store;
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException caused by UnrecoverableKeyException
            // (PKCS12: "keystore password was incorrect").
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsConfigurationException(what + " " + file + ": wrong password");
            }
            throw new TlsConfigurationException(what + " " + file + ": cannot be read (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException(what + " " + file + ": not a keystore the JDK can read ("
                    + e.getMessage() + ")");
        }
    }
}
