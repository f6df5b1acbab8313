package dev.portico.server;

import dev.portico.http.ForwardedElement;
import dev.portico.http.ForwardedHeader;
import dev.portico.http.ForwardedNode;
import dev.portico.http.ForwardedValues;
import dev.portico.http.HttpFields;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a request's {@link Origin} from its connection and, when the peer is a trusted proxy, the forwarding
 * fields it sent. The rules (documented in the README):
 * <ul>
 *   <li>From an untrusted peer every forwarding field is ignored.</li>
 *   <li>{@code Forwarded} (RFC 7239) wins over {@code X-Forwarded-For}/{@code -Proto}/{@code -Host}/{@code -Port}
 *       when it is present and well formed; {@code X-Forwarded-Prefix}, which it has no parameter for, is read in
 *       both cases.</li>
 *   <li>The client is found from the right of the {@code for} list: each entry that is a trusted address is a proxy
 *       and skipped; the first untrusted one is the client (a client can prepend anything, but not append). If all
 *       are trusted, the leftmost is the client. An {@code unknown} or obfuscated entry ends the walk, and the last
 *       address seen (the nearest proxy's) stays the client.</li>
 *   <li>Scheme and host come from the same hop as the client: in {@code Forwarded}, the element holding it; in
 *       {@code X-Forwarded-*}, the entry at the same place from the right when the list is as long as
 *       {@code X-Forwarded-For}, else the rightmost entry (written by the nearest proxy).</li>
 *   <li>A malformed field or value is ignored, logged at debug level; it never fails the request.</li>
 * </ul>
 */
final class OriginResolver {
    private static final Logger log = LoggerFactory.getLogger(OriginResolver.class);

    private static final String FORWARDED = "Forwarded";
    private static final String X_FOR = "X-Forwarded-For";
    private static final String X_PROTO = "X-Forwarded-Proto";
    private static final String X_HOST = "X-Forwarded-Host";
    private static final String X_PORT = "X-Forwarded-Port";
    private static final String X_PREFIX = "X-Forwarded-Prefix";
    private static final String[] FIELDS = {FORWARDED, X_FOR, X_PROTO, X_HOST, X_PORT, X_PREFIX};

    private final TrustedProxies trusted;
    private final HttpFields headers;
    private String clientAddress;
    private int clientPort;

    private OriginResolver(TrustedProxies trusted, InetSocketAddress peer, HttpFields headers) {
        this.trusted = trusted;
        this.headers = headers;
        Origin direct = Origin.direct(peer, false);
        this.clientAddress = direct.clientAddress();
        this.clientPort = direct.clientPort();
    }

    /** Cheap when no proxy is trusted, the peer is not one, or the request has no forwarding field. */
    static Origin resolve(TrustedProxies trusted, InetSocketAddress peer, boolean tls, HttpFields headers) {
        if (!trusted.trustsAnyone() || peer.getAddress() == null || !trusted.trusts(peer.getAddress())
                || !hasForwardingField(headers)) {
            return Origin.direct(peer, tls);
        }
        return new OriginResolver(trusted, peer, headers).resolve(tls ? "https" : "http");
    }

    private static boolean hasForwardingField(HttpFields headers) {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            char first = name.charAt(0);
            if (first == 'f' || first == 'F' || first == 'x' || first == 'X') {
                for (String field : FIELDS) {
                    if (field.equalsIgnoreCase(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Origin resolve(String directScheme) {
        String proto;
        String host;
        int port = -1;
        int hops;          // entries in the for list (Forwarded elements or X-Forwarded-For entries)
        int fromRight;     // the client's hop, counted from the right (0 = the peer's own)
        List<ForwardedElement> elements = forwardedElements();
        if (elements != null) {
            hops = elements.size();
            fromRight = walk(elements.size(), i -> elements.get(i).forNode());
            ForwardedElement hop = elements.get(hops - 1 - fromRight);
            proto = hop.proto() == null ? null : valid(FORWARDED + " proto", hop.proto(), ForwardedValues::proto);
            host = hop.host() == null ? null : valid(FORWARDED + " host", hop.host(), ForwardedValues::host);
        } else {
            List<String> entries = list(X_FOR);
            hops = entries.size();
            fromRight = walk(entries.size(), entries::get);
            proto = valid(X_PROTO, pick(X_PROTO, hops, fromRight), ForwardedValues::proto);
            host = valid(X_HOST, pick(X_HOST, hops, fromRight), ForwardedValues::host);
            String portValue = pick(X_PORT, hops, fromRight);
            if (portValue != null) {
                port = ForwardedValues.port(portValue);
                if (port < 0) {
                    log.debug("ignoring {}: {}", X_PORT, portValue);
                }
            }
        }
        String prefix = valid(X_PREFIX, pick(X_PREFIX, hops, fromRight), ForwardedValues::prefix);
        return new Origin(clientAddress, clientPort, proto == null ? directScheme : proto, host, port,
                prefix == null ? "" : prefix);
    }

    /** The Forwarded elements, or null when there are none or they are malformed (then X-Forwarded-* count). */
    private List<ForwardedElement> forwardedElements() {
        List<String> lines = headers.getAll(FORWARDED);
        if (lines.isEmpty()) {
            return null;
        }
        List<ForwardedElement> elements = ForwardedHeader.parse(lines);
        if (elements == null && log.isDebugEnabled()) {
            log.debug("ignoring malformed {} {}: {}", FORWARDED, lines, ForwardedHeader.fault(lines));
        }
        return elements;
    }

    /**
     * Walks the {@code count} nodes from the right, skipping trusted proxies, and sets the client; answers the hop
     * the client was found at, from the right.
     */
    private int walk(int count, IntFunction<String> nodeAt) {
        int fromRight = 0;
        for (int i = count - 1; i >= 0; i--) {
            fromRight = count - 1 - i;
            String value = nodeAt.apply(i);
            ForwardedNode node = value == null ? null : ForwardedValues.node(value);
            if (node == null) {
                if (value != null) {
                    log.debug("ignoring forwarded node {}", value);
                }
                break;
            }
            if (!node.isAddress()) {
                break;
            }
            clientAddress = node.address().getHostAddress();
            clientPort = Math.max(0, node.port());
            if (!trusted.trusts(node.address())) {
                break;
            }
        }
        return fromRight;
    }

    /** The field's entry of the client's hop (see the class comment), or null when it is absent or malformed. */
    private String pick(String field, int hops, int fromRight) {
        List<String> entries = list(field);
        if (entries.isEmpty()) {
            return null;
        }
        return entries.get(entries.size() == hops ? hops - 1 - fromRight : entries.size() - 1);
    }

    private List<String> list(String field) {
        List<String> lines = headers.getAll(field);
        List<String> entries = ForwardedValues.list(lines);
        if (entries == null) {
            log.debug("ignoring malformed {}: {}", field, lines);
            return List.of();
        }
        return entries;
    }

    private static String valid(String what, String value, Function<String, String> reader) {
        if (value == null) {
            return null;
        }
        String read = reader.apply(value);
        if (read == null) {
            log.debug("ignoring {}: {}", what, value);
        }
        return read;
    }
}
