package dev.portico.servlet;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The request attributes a container sets over TLS (Servlet 6.1 §3.10): the client's certificate chain, the cipher
 * suite, its key size and the TLS session id. None on plain HTTP, no certificate attribute when the client sent none.
 */
final class TlsAttributes {
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    static final String CIPHER_SUITE = "jakarta.servlet.request.cipher_suite";
    static final String KEY_SIZE = "jakarta.servlet.request.key_size";
    static final String SESSION_ID = "jakarta.servlet.request.ssl_session_id";

    private TlsAttributes() {
    }

    static void addTo(RequestAttributes attributes, SSLSession session) {
        if (session == null) {
            return;
        }
        attributes.putInternal(CERTIFICATES, clientCertificates(session));
        attributes.putInternal(CIPHER_SUITE, session.getCipherSuite());
        attributes.putInternal(KEY_SIZE, keySize(session.getCipherSuite()));
        byte[] id = session.getId();
        attributes.putInternal(SESSION_ID, id == null || id.length == 0 ? null : HexFormat.of().formatHex(id));
    }

    /** The chain the client presented, its own certificate first; null when it sent none (client auth off or WANT). */
    private static X509Certificate[] clientCertificates(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            X509Certificate[] certificates = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                if (!(chain[i] instanceof X509Certificate x509)) {
                    return null;
                }
                certificates[i] = x509;
            }
            return certificates;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The bulk cipher's key bits, read from the suite's name (as Tomcat does), or null for a cipher not listed. */
    static Integer keySize(String cipherSuite) {
        if (cipherSuite.contains("_AES_256_") || cipherSuite.contains("CHACHA20")) {
            return 256;
        }
        if (cipherSuite.contains("_AES_128_") || cipherSuite.contains("_RC4_128_")) {
            return 128;
        }
        if (cipherSuite.contains("_3DES_EDE_")) {
            return 168;
        }
        if (cipherSuite.contains("_DES40_")) {
            return 40;
        }
        if (cipherSuite.contains("_DES_")) {
            return 56;
        }
        return null;
    }
}
