package dev.portico.server;

/** The peers whose forwarding headers are believed. (To be filled in by the proxy work.) */
public record TrustedProxies() {
    public static TrustedProxies defaults() {
        return new TrustedProxies();
    }
}
