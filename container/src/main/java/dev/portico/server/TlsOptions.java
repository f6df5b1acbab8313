package dev.portico.server;

/** How the server speaks HTTPS. (To be filled in by the TLS work.) */
public record TlsOptions() {
}
