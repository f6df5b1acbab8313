package example.jersey;

/** A failure the client should hear about with a status and a reason, as JSON (see {@link ProblemMapper}). */
public class ProblemException extends RuntimeException {
    private final int status;

    public ProblemException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
