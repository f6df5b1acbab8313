package dev.portico.http;

/**
 * One element of a {@code Forwarded} field (RFC 7239 §4): what one proxy saw of the request it passed on. Values are
 * unquoted but not interpreted; a parameter that was absent is null. Read a node with
 * {@link ForwardedValues#node(String)}, a protocol with {@link ForwardedValues#proto(String)}, a host with
 * {@link ForwardedValues#host(String)}.
 *
 * @param forNode the node that sent the request to this proxy ({@code for})
 * @param byNode  the proxy's own interface that received it ({@code by})
 * @param host    the Host the proxy received ({@code host})
 * @param proto   the scheme the proxy was addressed with ({@code proto})
 */
public record ForwardedElement(String forNode, String byNode, String host, String proto) {
}
