package example.spring;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** Path and query parameters, a redirect, and an exception nobody handles. */
@Controller
public class HelloController {
    @GetMapping(path = "/hello/{name}", produces = "text/plain;charset=UTF-8")
    @ResponseBody
    public String hello(@PathVariable String name, @RequestParam(defaultValue = "Hello") String greeting) {
        return greeting + ", " + name + "!";
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
