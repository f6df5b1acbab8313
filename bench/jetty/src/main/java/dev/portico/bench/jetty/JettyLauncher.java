package dev.portico.bench.jetty;

import dev.portico.bench.launch.LaunchArguments;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty with its default settings (thread pool, connector, buffers), serving one servlet class from a jar
 * at {@code /*} of the root context, on 127.0.0.1 only.
 */
public final class JettyLauncher {
    private JettyLauncher() {
    }

    public static void main(String[] args) throws Exception {
        LaunchArguments launch = LaunchArguments.parse(args);
        ClassLoader loader = launch.appLoader(JettyLauncher.class.getClassLoader());

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(launch.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setClassLoader(loader);
        context.addServlet(new ServletHolder("bench", launch.newServlet(loader)), "/*");
        server.setHandler(context);

        server.setStopAtShutdown(true);
        server.start();
        server.join();
    }
}
