package dev.portico.server;

import java.net.InetSocketAddress;

/**
 * Where a request came from and what it was addressed to, as the client saw it: the connection's own values, or
 * those a trusted proxy forwarded ({@link Exchange#origin()}). The servlet layer's authority (scheme, host, port)
 * and {@code getRemoteAddr}, and the access log, read it.
 *
 * @param clientAddress the client's IP address in text form
 * @param clientPort    the client's port; 0 when a proxy named the client without one
 * @param scheme        {@code http} or {@code https}
 * @param host          the {@code host[:port]} a proxy was addressed with, or null: then the request's own Host
 *                      field tells it
 * @param port          the port a proxy was addressed on ({@code X-Forwarded-Port}), or -1 when none was forwarded
 * @param prefix        the path prefix a proxy removed before passing the request on ({@code X-Forwarded-Prefix}),
 *                      like a context path: "" or {@code /a/b}
 */
public record Origin(String clientAddress, int clientPort, String scheme, String host, int port, String prefix) {

    /** The connection's own values: no proxy in between, or none that is trusted. */
    public static Origin direct(InetSocketAddress peer, boolean tls) {
        String address = peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
        return new Origin(address, peer.getPort(), tls ? "https" : "http", null, -1, "");
    }
}
