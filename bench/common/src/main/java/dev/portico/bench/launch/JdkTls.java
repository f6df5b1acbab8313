package dev.portico.bench.launch;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * The TLS settings every server in the benchmark gets: the protocols Portico uses (the JDK's defaults, TLSv1.3 and
 * TLSv1.2) and the JDK's default cipher suites, in the JDK's order. Jetty and Tomcat each trim the JDK's list by
 * their own rules unless told otherwise; handing them this list measures the servers, not their cipher choices.
 */
public final class JdkTls {
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private JdkTls() {
    }

    public static String[] defaultCipherSuites() {
        try {
            return SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default SSLContext", e);
        }
    }
}
