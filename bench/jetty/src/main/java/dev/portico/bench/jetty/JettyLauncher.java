package dev.portico.bench.jetty;

import dev.portico.bench.launch.JdkTls;
import dev.portico.bench.launch.LaunchArguments;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Embedded Jetty with its default settings (thread pool, connector, buffers), serving one servlet class from a jar
 * at {@code /*} of the root context, on 127.0.0.1 only. With {@code --tls-keystore} the connector speaks HTTPS
 * (an {@link SslContextFactory.Server} with the protocols and ciphers of {@link JdkTls}); with {@code --gzip} a
 * {@link GzipHandler} at its defaults wraps the context.
 */
public final class JettyLauncher {
    private JettyLauncher() {
    }

    public static void main(String[] args) throws Exception {
        LaunchArguments launch = LaunchArguments.parse(args);
        ClassLoader loader = launch.appLoader(JettyLauncher.class.getClassLoader());

        Server server = new Server();
        ServerConnector connector = launch.tls() ? httpsConnector(server, launch) : new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(launch.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setClassLoader(loader);
        context.addServlet(new ServletHolder("bench", launch.newServlet(loader)), "/*");
        server.setHandler(launch.gzip() ? gzip(context) : context);

        server.setStopAtShutdown(true);
        server.start();
        server.join();
    }

    /** HTTP/1.1 over TLS, as Jetty's documentation sets it up: the request customizer makes requests secure. */
    private static ServerConnector httpsConnector(Server server, LaunchArguments launch) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(launch.tlsKeystore().toAbsolutePath().toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(launch.tlsPassword());
        tls.setIncludeProtocols(JdkTls.PROTOCOLS);
        tls.setExcludeCipherSuites();   // Jetty's own exclusions off: the JDK's defaults, as for the other servers
        tls.setIncludeCipherSuites(JdkTls.defaultCipherSuites());
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer());
        return new ServerConnector(server, tls, new HttpConnectionFactory(https));
    }

    private static Handler gzip(Handler handler) {
        GzipHandler gzip = new GzipHandler();
        gzip.setHandler(handler);
        return gzip;
    }
}
