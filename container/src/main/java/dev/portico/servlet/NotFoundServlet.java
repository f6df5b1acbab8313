package dev.portico.servlet;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers the paths no mapping of the context covers when the app maps no default servlet ({@code /}). */
final class NotFoundServlet extends GenericServlet {
    static final String NAME = "portico-not-found";

    @Override
    public void service(ServletRequest req, ServletResponse res) throws IOException {
        ((HttpServletResponse) res).sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
