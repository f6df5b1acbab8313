package dev.portico.servlet;

import dev.portico.http.HttpVersion;
import dev.portico.server.Exchange;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletRequest;
import java.net.InetSocketAddress;

/**
 * What {@link ServletRequest} tells about the connection a request came on — the two ends' addresses and ports,
 * the connection and request ids — read from the server's {@link Exchange}; the remote end is the client a trusted
 * proxy names, if one does ({@link Exchange#origin()}).
 */
interface ConnectionRequest extends ServletRequest {
    /** The exchange this request is part of. */
    Exchange exchange();

    /** The client's address: the peer's, or the one a trusted proxy forwarded (the exchange's origin). */
    @Override
    default String getRemoteAddr() {
        return exchange().origin().clientAddress();
    }

    /** No reverse DNS lookup: the address is the answer the javadoc allows when the name is not resolved. */
    @Override
    default String getRemoteHost() {
        return getRemoteAddr();
    }

    @Override
    default int getRemotePort() {
        return exchange().origin().clientPort();
    }

    @Override
    default String getLocalName() {
        return exchange().localAddress().getHostString();
    }

    @Override
    default String getLocalAddr() {
        return hostAddress(exchange().localAddress());
    }

    @Override
    default int getLocalPort() {
        return exchange().localAddress().getPort();
    }

    @Override
    default String getRequestId() {
        return exchange().connectionId() + "-" + exchange().requestNumber();
    }

    /** HTTP/1.x has no protocol-level request id. */
    @Override
    default String getProtocolRequestId() {
        return "";
    }

    @Override
    default ServletConnection getServletConnection() {
        return new PorticoConnection(exchange().connectionId(),
                exchange().request().version() == HttpVersion.HTTP_1_0 ? "http/1.0" : "http/1.1",
                exchange().tlsSession() != null);
    }

    private static String hostAddress(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
