package dev.portico.bench.portico;

import dev.portico.Portico;
import dev.portico.bench.launch.LaunchArguments;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;

/**
 * Portico through its embedding API, serving one servlet class from a jar at {@code /*} of the root context, with
 * the default options. Used by run.sh only when the CLI in container/target/portico.jar is not there. It has no
 * HTTPS and no gzip (ServerOptions cannot express them yet): the harness's TLS and gzip scenarios need the CLI.
 */
public final class PorticoLauncher {
    private PorticoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        LaunchArguments launch = LaunchArguments.parse(args);
        if (launch.tls() || launch.gzip()) {
            throw new IllegalArgumentException("the embedding-API launcher has no TLS or gzip: build Portico's CLI");
        }
        ClassLoader loader = launch.appLoader(PorticoLauncher.class.getClassLoader());

        WebAppSpec app = new WebAppSpec("/").classLoader(loader);
        app.servlet("bench", launch.newServlet(loader)).mapping("/*");
        Portico portico = Portico.builder()
                .options(ServerOptions.defaults().withPort(launch.port()).withThreads(launch.threads()))
                .context(app)
                .build()
                .start();
        portico.awaitStop();
    }
}
