package dev.portico.bench.tomcat;

import dev.portico.bench.launch.JdkTls;
import dev.portico.bench.launch.LaunchArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Embedded Tomcat with its default settings (NIO connector, thread pool, buffers), serving one servlet class from a
 * jar at {@code /*} of the root context, on 127.0.0.1 only. With {@code --tls-keystore} the connector speaks HTTPS
 * through JSSE (the protocols and ciphers of {@link JdkTls}); with {@code --gzip} it has {@code compression="on"}.
 */
public final class TomcatLauncher {
    private TomcatLauncher() {
    }

    public static void main(String[] args) throws Exception {
        LaunchArguments launch = LaunchArguments.parse(args);
        ClassLoader loader = launch.appLoader(TomcatLauncher.class.getClassLoader());

        Tomcat tomcat = new Tomcat();
        // Tomcat wants a base directory for its work files; one per port, reused by every run.
        Path base = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "bench-tomcat-" + launch.port()));
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(launch.port());
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        if (launch.tls()) {
            https(connector, launch);
        }
        if (launch.gzip()) {
            connector.setProperty("compression", "on");
        }

        Context context = tomcat.addContext("", null);
        context.setParentClassLoader(loader);
        Tomcat.addServlet(context, "bench", launch.newServlet(loader));
        context.addServletMappingDecoded("/*", "bench");

        tomcat.start();
        tomcat.getServer().await();
    }

    /** JSSE named explicitly: Tomcat would take OpenSSL instead where it finds the native library. */
    private static void https(Connector connector, LaunchArguments launch) {
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        connector.setProperty("sslImplementationName", "org.apache.tomcat.util.net.jsse.JSSEImplementation");
        SSLHostConfig host = new SSLHostConfig();
        host.setProtocols(String.join(",", JdkTls.PROTOCOLS));
        host.setCiphers(String.join(",", JdkTls.defaultCipherSuites()));
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(launch.tlsKeystore().toAbsolutePath().toString());
        certificate.setCertificateKeystoreType("PKCS12");
        certificate.setCertificateKeystorePassword(launch.tlsPassword());
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
    }
}
