package dev.portico.bench.tomcat;

import dev.portico.bench.launch.LaunchArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat with its default settings (NIO connector, thread pool, buffers), serving one servlet class from a
 * jar at {@code /*} of the root context, on 127.0.0.1 only.
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
        tomcat.getConnector().setProperty("address", "127.0.0.1");

        Context context = tomcat.addContext("", null);
        context.setParentClassLoader(loader);
        Tomcat.addServlet(context, "bench", launch.newServlet(loader));
        context.addServletMappingDecoded("/*", "bench");

        tomcat.start();
        tomcat.getServer().await();
    }
}
