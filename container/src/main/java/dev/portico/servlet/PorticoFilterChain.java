package dev.portico.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.UnavailableException;
import java.io.IOException;

/**
 * One pass through the filters mapped to a dispatch and then the servlet (Servlet 6.1 §6.2.3). Keeps
 * {@code isAsyncSupported()} truthful: inside each element it is true only if that element and every one before it
 * support async.
 */
final class PorticoFilterChain implements FilterChain {
    private final FilterHolder[] filters;
    private final ServletHolder servletHolder;
    private final Servlet servlet;
    private final PorticoRequest base;
    private int next;

    PorticoFilterChain(FilterHolder[] filters, ServletHolder servletHolder, Servlet servlet, PorticoRequest base) {
        this.filters = filters;
        this.servletHolder = servletHolder;
        this.servlet = servlet;
        this.base = base;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        boolean asyncBefore = base.asyncSupported;
        try {
            if (next < filters.length) {
                FilterHolder holder = filters[next++];
                Filter filter = holder.filter();
                if (filter == null) {
                    throw new UnavailableException("filter " + holder.getName() + " is not in service");
                }
                base.asyncSupported = asyncBefore && holder.isAsyncSupported();
                filter.doFilter(request, response, this);
            } else {
                base.asyncSupported = asyncBefore && servletHolder.isAsyncSupported();
                try {
                    servlet.service(request, response);
                } catch (UnavailableException e) {
                    servletHolder.unavailable(e);
                    throw e;
                }
            }
        } finally {
            base.asyncSupported = asyncBefore;
        }
    }
}
