package dev.portico.http;

import java.io.IOException;

/**
 * A request the server must refuse, with the status that says why (RFC 9110 §15). It is an {@link IOException} so
 * that a body stream can raise it from {@code read()}. Protocol faults always close the connection afterwards: once
 * framing is in doubt, the next byte on the wire cannot be trusted to start a request.
 */
public final class HttpException extends IOException {
    private final int status;

    public HttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Raised by clients, not by bugs: the stack trace says nothing and costs time on a hostile input.
        return this;
    }
}
