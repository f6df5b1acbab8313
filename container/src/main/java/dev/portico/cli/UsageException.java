package dev.portico.cli;

/** An operator error: printed as one line ({@code portico: error: ...}) and the process exits with status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
