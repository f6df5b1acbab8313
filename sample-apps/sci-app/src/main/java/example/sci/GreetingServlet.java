package example.sci;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /hello/NAME} greets NAME with the greeting the initializer configured as an init parameter. */
public class GreetingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String name = path == null || path.length() <= 1 ? "world" : path.substring(1);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(getInitParameter("greeting") + ", " + name + "!");
    }
}
