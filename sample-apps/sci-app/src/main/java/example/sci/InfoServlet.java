package example.sci;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Lists what the initializer registered, as the container reports it back (text, one registration a line). */
public class InfoServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.equals("/") && !path.equals("/info")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        ServletContext context = getServletContext();
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("started-by: " + context.getAttribute(LifecycleListener.STARTED_BY));
        for (Map.Entry<String, ? extends ServletRegistration> servlet
                : new TreeMap<>(context.getServletRegistrations()).entrySet()) {
            out.println("servlet " + servlet.getKey() + " " + servlet.getValue().getClassName() + " "
                    + new TreeSet<>(servlet.getValue().getMappings()));
        }
        for (Map.Entry<String, ? extends FilterRegistration> filter
                : new TreeMap<>(context.getFilterRegistrations()).entrySet()) {
            out.println("filter " + filter.getKey() + " " + filter.getValue().getClassName() + " "
                    + new TreeSet<>(filter.getValue().getUrlPatternMappings()));
        }
    }
}
