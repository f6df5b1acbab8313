package dev.portico.tests.samples;

/**
 * sample-apps/jersey-app: JAX-RS on Jersey, served by naming the framework's servlet on the command line.
 */
class JerseySampleTest extends RestAppChecks {
    @Override
    PorticoCli start() throws Exception {
        return PorticoCli.start(
                PorticoCli.sample("jersey-app") + ":org.glassfish.jersey.servlet.ServletContainer",
                "--init", "jakarta.ws.rs.Application=example.jersey.App");
    }

    @Override
    int redirectStatus() {
        return 303;
    }
}
