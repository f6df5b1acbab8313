package example.guestbook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/** Logs one line per request through the container's log (ServletContext.log): method, URI, status, time taken. */
@WebFilter(filterName = "request-log", urlPatterns = "/*")
public class RequestLogFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            double millis = (System.nanoTime() - start) / 1e6;
            String query = request.getQueryString();
            getServletContext().log("guestbook: " + request.getMethod() + " " + request.getRequestURI()
                    + (query == null ? "" : "?" + query) + " -> " + response.getStatus()
                    + String.format(Locale.ROOT, " in %.1f ms", millis));
        }
    }
}
