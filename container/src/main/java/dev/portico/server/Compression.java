package dev.portico.server;

/** When response bodies are compressed. (To be filled in by the compression work.) */
public record Compression() {
    public static Compression defaults() {
        return new Compression();
    }
}
