package dev.portico.servlet;

import jakarta.servlet.ServletConnection;

/** {@code ServletRequest.getServletConnection}: a plain-text HTTP/1.x connection, which has no protocol-level id. */
record PorticoConnection(String connectionId, String protocol) implements ServletConnection {
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
        return false;
    }
}
