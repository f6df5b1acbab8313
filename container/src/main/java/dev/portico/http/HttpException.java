package dev.portico.http;

/**
 * A request the server must refuse, with the status that says why (RFC 9110 §15). Protocol faults always close the
 * connection afterwards: once framing is in doubt, the next byte on the wire cannot be trusted to start a request.
 */
public final class HttpException extends RuntimeException {
    private final int status;

    public HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
