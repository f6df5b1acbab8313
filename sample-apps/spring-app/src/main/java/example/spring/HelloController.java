package example.spring;

import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.async.DeferredResult;

/** Path and query parameters, an answer from another thread, a redirect, and an exception nobody handles. */
@Controller
public class HelloController {
    @GetMapping(path = "/hello/{name}", produces = "text/plain;charset=UTF-8")
    @ResponseBody
    public String hello(@PathVariable String name, @RequestParam(defaultValue = "Hello") String greeting) {
        return greeting + ", " + name + "!";
    }

    /**
     * Async Spring MVC: the handler returns a {@link DeferredResult} at once, the DispatcherServlet puts the request
     * in async mode ({@code startAsync}) and lets the container's thread go, and another thread sets the result,
     * which Spring writes in an async dispatch.
     */
    @GetMapping(path = "/later/{name}", produces = "text/plain;charset=UTF-8")
    @ResponseBody
    public DeferredResult<String> later(@PathVariable String name) {
        DeferredResult<String> result = new DeferredResult<>();
        CompletableFuture.runAsync(() -> result.setResult("Later, " + name + "!"));
        return result;
    }

    /** "redirect:" is relative to the context path: a 302 to {@code /hello/world}. */
    @GetMapping("/old-hello")
    public String oldHello() {
        return "redirect:/hello/world";
    }

    /** Unhandled: the DispatcherServlet rethrows it, and the container must answer 500 and go on serving. */
    @GetMapping("/boom")
    @ResponseBody
    public String boom() {
        throw new IllegalStateException("boom: an unhandled exception");
    }
}
