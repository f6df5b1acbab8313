package dev.portico.servlet;

import jakarta.servlet.ServletConnection;

/** {@code ServletRequest.getServletConnection}: an HTTP/1.x connection (over TLS or not), which has no protocol-level id. */
record PorticoConnection(String connectionId, String protocol, boolean secure) implements ServletConnection {
    @Override
    public String getConnectionId() {
        return connectionId;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public String getProtocolConnectionId() {
        return "";
    }

    @Override
    public boolean isSecure() {
        return secure;
    }
}
