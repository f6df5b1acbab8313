package example.spring;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns a {@link ProblemException} into its status with a JSON {@link Problem} body. */
@RestControllerAdvice
public class ProblemAdvice {
    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<Problem> problem(ProblemException exception) {
        return ResponseEntity.status(exception.status())
                .body(new Problem(exception.status(), exception.getMessage()));
    }
}
