package dev.portico.http;

import java.net.InetAddress;

/**
 * A node of a {@code Forwarded} {@code for}/{@code by} value or an {@code X-Forwarded-For} entry (RFC 7239 §6): an IP
 * address, or an identifier that names none ({@code unknown}, or an obfuscated {@code _name}), with an optional port.
 *
 * @param address the address, or null for {@code unknown} and obfuscated identifiers
 * @param port    the port, or -1 when there is none or it is obfuscated
 */
public record ForwardedNode(InetAddress address, int port) {
    /** Whether this node names an address (it is neither {@code unknown} nor obfuscated). */
    public boolean isAddress() {
        return address != null;
    }
}
