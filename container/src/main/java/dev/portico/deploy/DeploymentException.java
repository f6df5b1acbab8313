package dev.portico.deploy;

/**
 * An app cannot be deployed for a reason the operator can fix (missing file, unknown class, bad web.xml). The
 * message is one line meant for a human; the launcher prints it without a stack trace.
 */
public final class DeploymentException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeploymentException(String message) {
        super(message);
    }

    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
