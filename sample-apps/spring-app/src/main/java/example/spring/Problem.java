package example.spring;

/** The JSON body of an error answer. */
public record Problem(int status, String error) {
}
