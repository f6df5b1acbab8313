package dev.portico;

import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding API: a server with one or more web applications, started and stopped in-process.
 *
 * <pre>{@code
 * Portico portico = Portico.builder()
 *         .port(0)
 *         .context(new WebAppSpec("/").servlet("hello", new HelloServlet()).mapping("/*"))   // see WebAppSpec
 *         .build()
 *         .start();
 * int port = portico.port();
 * portico.stop();
 * }</pre>
 */
public final class Portico {
    // CONTRACT: implemented by the servlet gateway work. Public signatures below are relied on by the CLI and tests.

    private Portico(Builder builder) {
        throw new UnsupportedOperationException("Portico is not assembled yet");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Deploys every context (listeners, initializers, load-on-startup servlets) and binds the port. */
    public Portico start() throws Exception {
        throw new UnsupportedOperationException("start");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        throw new UnsupportedOperationException("port");
    }

    /** Graceful stop: stop accepting, let in-flight requests finish up to the grace period, destroy the apps. */
    public void stop() {
        throw new UnsupportedOperationException("stop");
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        throw new UnsupportedOperationException("awaitStop");
    }

    /** Deploys a context while running (replacing one on the same path atomically: used by --reload). */
    public void deploy(WebAppSpec spec) throws Exception {
        throw new UnsupportedOperationException("deploy");
    }

    /** Undeploys a context: new requests get 404, in-flight ones finish, then its servlets are destroyed. */
    public void undeploy(String contextPath) {
        throw new UnsupportedOperationException("undeploy");
    }

    public static final class Builder {
        private ServerOptions options = ServerOptions.defaults();
        private final List<WebAppSpec> contexts = new ArrayList<>();

        public Builder options(ServerOptions options) {
            this.options = options;
            return this;
        }

        public Builder port(int port) {
            options = options.withPort(port);
            return this;
        }

        public Builder host(String host) {
            options = options.withHost(host);
            return this;
        }

        public Builder context(WebAppSpec spec) {
            contexts.add(spec);
            return this;
        }

        public Portico build() {
            return new Portico(this);
        }
    }
}
