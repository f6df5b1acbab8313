package dev.portico.cli;

import dev.portico.server.HttpServer;

/** Portico's version, as the engine reports it in its {@code Server} header. */
final class Version {
    private Version() {
    }

    static String current() {
        return HttpServer.VERSION;
    }
}
