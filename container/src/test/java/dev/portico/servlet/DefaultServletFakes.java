package dev.portico.servlet;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Just enough of a servlet container to drive {@link DefaultServlet} in unit tests: request, response, config and
 * context as {@link Proxy} objects; a method the servlet calls that is not modelled here fails the test loudly.
 */
final class DefaultServletFakes {
    private DefaultServletFakes() {
    }

    /** A request as the gateway would build it; paths are already decoded, as the container delivers them. */
    static final class Request {
        String method = "GET";
        String contextPath = "";
        String servletPath = "";
        String pathInfo;
        String requestUri;
        String query;
        MappingMatch match;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, Object> attributes = new HashMap<>();

        /** Mounted at "/" (the default servlet): the whole path is the servletPath. */
        static Request atDefault(String path) {
            Request r = new Request();
            r.servletPath = path;
            r.requestUri = path;
            r.match = MappingMatch.DEFAULT;
            return r;
        }

        /** Mounted at "{prefix}/*": the rest is the pathInfo. */
        static Request atPrefix(String prefix, String pathInfo) {
            Request r = new Request();
            r.servletPath = prefix;
            r.pathInfo = pathInfo;
            r.requestUri = prefix + (pathInfo == null ? "" : pathInfo);
            r.match = MappingMatch.PATH;
            return r;
        }

        Request method(String m) {
            this.method = m;
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(DefaultServletFakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getContextPath" -> contextPath;
                        case "getServletPath" -> servletPath;
                        case "getPathInfo" -> pathInfo;
                        case "getRequestURI" -> requestUri;
                        case "getQueryString" -> query;
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "getHttpServletMapping" -> mapping();
                        case "getDispatcherType" -> jakarta.servlet.DispatcherType.REQUEST;
                        case "toString" -> method + " " + requestUri;
                        default -> throw new UnsupportedOperationException("fake request: " + m.getName());
                    });
        }

        private HttpServletMapping mapping() {
            return (HttpServletMapping) Proxy.newProxyInstance(DefaultServletFakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletMapping.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMappingMatch" -> match;
                        default -> throw new UnsupportedOperationException("fake mapping: " + m.getName());
                    });
        }
    }

    /** What the servlet did to the response. */
    static final class Response {
        int status = 200;
        boolean errorSent;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(DefaultServletFakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "sendError" -> {
                                status = (Integer) args[0];
                                errorSent = true;
                            }
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                            case "setContentLength", "setContentLengthLong" ->
                                    headers.put("Content-Length", String.valueOf(args[0]));
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "getStatus" -> {
                                return status;
                            }
                            case "toString" -> {
                                return "response " + status;
                            }
                            default -> throw new UnsupportedOperationException("fake response: " + m.getName());
                        }
                        return null;
                    });
        }
    }

    /** A context whose resources are looked up by a function; MIME types from an app mapping table only. */
    static ServletContext context(Function<String, URL> resources, Function<String, Set<String>> resourcePaths,
                                  Map<String, String> mimeMappings) {
        return (ServletContext) Proxy.newProxyInstance(DefaultServletFakes.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getResource" -> resources.apply((String) args[0]);
                    case "getResourcePaths" -> resourcePaths.apply((String) args[0]);
                    case "getMimeType" -> {
                        String name = (String) args[0];
                        int dot = name.lastIndexOf('.');
                        yield dot < 0 ? null : mimeMappings.get(name.substring(dot + 1));
                    }
                    case "log" -> null;
                    case "toString" -> "fake context";
                    default -> throw new UnsupportedOperationException("fake context: " + m.getName());
                });
    }

    static ServletContext plainContext() {
        return context(path -> null, path -> null, Map.of());
    }

    static DefaultServlet servlet(ServletContext context, Map<String, String> initParams) throws ServletException {
        Map<String, String> params = new LinkedHashMap<>(initParams);
        DefaultServlet servlet = new DefaultServlet();
        servlet.init(new ServletConfig() {
            @Override
            public String getServletName() {
                return "default";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public java.util.Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        });
        return servlet;
    }

    static Response run(DefaultServlet servlet, Request request) throws ServletException, IOException {
        Response response = new Response();
        servlet.service(request.proxy(), response.proxy());
        return response;
    }
}
