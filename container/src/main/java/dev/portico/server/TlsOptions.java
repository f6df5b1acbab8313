package dev.portico.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the server speaks HTTPS (JSSE over the same blocking connection loop as plain HTTP).
 *
 * @param keystore           the server's key and certificate chain: a PKCS12 file (or JKS, which the JDK also reads)
 * @param keystoreType       "PKCS12", "JKS", ..., or null to let the JDK tell from the file's content
 * @param keystorePassword   the keystore's password (also the key's: one password, as keytool makes PKCS12 files)
 * @param port               the HTTPS port beside the plain one; {@link #SAME_PORT} for HTTPS only, on
 *                           {@link ServerOptions#port()}; 0 for any free port
 * @param protocols          the protocols offered, in JSSE names; the cipher suites are the JDK's defaults
 * @param clientAuth         whether clients are asked for a certificate
 * @param truststore         the certificates a client certificate must chain to, or null for the JDK's default
 *                           trust (cacerts)
 * @param truststorePassword the truststore's password, or null (a truststore of certificates needs none to be read)
 */
public record TlsOptions(Path keystore, String keystoreType, char[] keystorePassword, int port,
                         List<String> protocols, ClientAuth clientAuth, Path truststore, char[] truststorePassword) {
    /** {@link #port()} when HTTPS replaces plain HTTP on the server's own port. */
    public static final int SAME_PORT = -1;
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Whether the server asks the client for a certificate (RFC 8446 §4.3.2). */
    public enum ClientAuth {
        /** Not asked. */
        NONE,
        /** Asked; a client without one is still served (the servlet sees no certificate). */
        WANT,
        /** Required: the handshake fails without a certificate that the truststore trusts. */
        NEED
    }

    public TlsOptions {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (port < SAME_PORT || port > 65535) {
            throw new IllegalArgumentException("TLS port out of range: " + port);
        }
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol enabled");
        }
    }

    /** HTTPS only, on the server's port, with the default protocols and no client certificates. */
    public static TlsOptions keystore(Path keystore, char[] password) {
        return new TlsOptions(keystore, null, password, SAME_PORT, DEFAULT_PROTOCOLS, ClientAuth.NONE, null, null);
    }

    public TlsOptions withKeystoreType(String type) {
        return new TlsOptions(keystore, type, keystorePassword, port, protocols, clientAuth, truststore,
                truststorePassword);
    }

    /** HTTPS on its own port ({@code 0}: any free one), plain HTTP staying on the server's port. */
    public TlsOptions withPort(int port) {
        return new TlsOptions(keystore, keystoreType, keystorePassword, port, protocols, clientAuth, truststore,
                truststorePassword);
    }

    public TlsOptions withProtocols(List<String> protocols) {
        return new TlsOptions(keystore, keystoreType, keystorePassword, port, protocols, clientAuth, truststore,
                truststorePassword);
    }

    public TlsOptions withClientAuth(ClientAuth clientAuth) {
        return new TlsOptions(keystore, keystoreType, keystorePassword, port, protocols, clientAuth, truststore,
                truststorePassword);
    }

    /** The file (PKCS12 or JKS) of the certificates trusted to sign client certificates; password may be null. */
    public TlsOptions withTruststore(Path truststore, char[] password) {
        return new TlsOptions(keystore, keystoreType, keystorePassword, port, protocols, clientAuth, truststore,
                password);
    }

    /** True when HTTPS has a port of its own, beside plain HTTP. */
    public boolean sideBySide() {
        return port != SAME_PORT;
    }

    @Override
    public String toString() {
        // Never the passwords: options end up in logs and exception messages.
        return "TlsOptions[keystore=" + keystore + ", type=" + keystoreType + ", port=" + port + ", protocols="
                + protocols + ", clientAuth=" + clientAuth + ", truststore=" + truststore + "]";
    }
}
