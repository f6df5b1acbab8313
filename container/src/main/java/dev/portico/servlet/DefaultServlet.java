package dev.portico.servlet;

import dev.portico.servlet.statics.DirectoryListing;
import dev.portico.servlet.statics.FileResponder;
import dev.portico.servlet.statics.PathSegments;
import dev.portico.servlet.statics.Precompressed;
import dev.portico.servlet.statics.Resource;
import dev.portico.servlet.statics.ResourceLookup;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Portico's static-file servlet: GET and HEAD of files under a root, with validators (ETag, Last-Modified), the
 * conditional requests of RFC 9110 §13, single byte ranges (§14), welcome files and an optional directory listing.
 *
 * <p>Init parameters: {@code root} — a directory on disk (without it, files come from the web application's own
 * resources, {@code ServletContext.getResource}); {@code listings} — {@code false} turns directory listings off;
 * {@code welcomeFiles} — comma-separated, default {@code index.html,index.htm}; {@code dotfiles} — {@code true}
 * serves and lists names starting with {@code .} (hidden by default, see below); {@code precompressed} —
 * {@code false} stops serving a file's precompressed siblings ({@code app.js.br}, {@code app.js.gz}, see
 * {@link Precompressed}) to clients that accept their coding.
 *
 * <p>Mounted at {@code /} (the default servlet) it serves servletPath + pathInfo; mounted at a path mapping such as
 * {@code /static/*} it serves the pathInfo, so {@code /static/a.css} is {@code root/a.css}.
 *
 * <p>Security: the container hands over an already-decoded path, which is never decoded again (so {@code %252e%252e}
 * is a file literally named {@code %2e%2e}); {@code .} and {@code ..} segments, backslashes and control characters
 * are refused; and the real path (symbolic links resolved) must still lie under the root's real path. A refusal
 * looks exactly like a missing file: 404.
 *
 * <p>Two kinds of names are refused both in the path asked for and in the real path relative to the real root (so a
 * link named {@code public} pointing at {@code WEB-INF} does not publish it): in a web application's resources (no
 * {@code root}), a first segment {@code WEB-INF} or {@code META-INF} (§10.5); and unless {@code dotfiles} is on, any
 * segment starting with {@code .} — {@code .git}, {@code .env}, {@code .htpasswd} are files nobody meant to publish.
 * {@code /.well-known/} (RFC 8615) is the exception: it exists to be fetched. Refused names are not listed either.
 */
public class DefaultServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DefaultServlet.class);
    private static final String ALLOW = "GET, HEAD, OPTIONS";

    private transient ResourceLookup resources;
    private boolean listings = true;
    private List<String> welcomeFiles = List.of("index.html", "index.htm");
    private boolean precompressed = true;

    @Override
    public void init() throws ServletException {
        Path root = null;                        // real path of the root directory; null: the context's resources
        String rootParam = getInitParameter("root");
        if (rootParam != null && !rootParam.isBlank()) {
            Path dir = Path.of(rootParam.trim());
            if (!Files.isDirectory(dir)) {
                throw new ServletException("DefaultServlet root is not a directory: " + dir.toAbsolutePath());
            }
            try {
                root = dir.toRealPath();
            } catch (IOException e) {
                throw new ServletException("DefaultServlet root cannot be resolved: " + dir.toAbsolutePath(), e);
            }
        }
        listings = !"false".equalsIgnoreCase(String.valueOf(getInitParameter("listings")).trim());
        boolean dotfiles = "true".equalsIgnoreCase(String.valueOf(getInitParameter("dotfiles")).trim());
        precompressed = !"false".equalsIgnoreCase(String.valueOf(getInitParameter("precompressed")).trim());
        resources = new ResourceLookup(root, this::getServletContext, dotfiles);
        String welcome = getInitParameter("welcomeFiles");
        if (welcome != null) {
            welcomeFiles = Arrays.stream(welcome.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        switch (req.getMethod()) {
            case "GET" -> serve(req, resp, false);
            case "HEAD" -> serve(req, resp, true);
            case "OPTIONS" -> {
                resp.setHeader("Allow", ALLOW);
                resp.setContentLength(0);
            }
            default -> {
                // Also TRACE: echoing requests back is of no use to a file server and a classic XST risk.
                resp.setHeader("Allow", ALLOW);
                resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            }
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean head) throws IOException {
        boolean include = isInclude(req);
        String path = include ? includedPath(req) : requestPath(req);
        String[] segments = PathSegments.parse(path);
        if (segments == null || resources.refuses(segments)) {
            LOG.debug("refused path {}", path);
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (Resource resource = resources.find(segments)) {
            if (resource == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            } else if (resource.isDirectory()) {
                serveDirectory(req, resp, head, path, segments);
            } else if (path.endsWith("/")) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);   // a file is not a directory
            } else {
                String name = segments[segments.length - 1];
                FileResponder.respond(req, resp, head, include, resource, contentType(name), siblings(segments));
            }
        }
    }

    private static boolean isInclude(HttpServletRequest req) {
        return req.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null;
    }

    /** The path below the mount point (Servlet 6.1 §12.2): pathInfo for a path mapping, else the servletPath. */
    private static String requestPath(HttpServletRequest req) {
        String pathInfo = req.getPathInfo();
        MappingMatch match = null;
        try {
            match = req.getHttpServletMapping().getMappingMatch();
        } catch (RuntimeException unsupported) {
            // an older or partial request object: fall back to the shape of the paths
        }
        if (match == MappingMatch.PATH) {
            return pathInfo == null ? "" : pathInfo;      // "/static" under "/static/*": a directory without its "/"
        }
        if (pathInfo != null) {
            return pathInfo;
        }
        String servletPath = req.getServletPath();
        return servletPath == null ? "" : servletPath;
    }

    private static String includedPath(HttpServletRequest req) {
        Object servletPath = req.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
        Object pathInfo = req.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
        return (servletPath == null ? "" : servletPath.toString()) + (pathInfo == null ? "" : pathInfo.toString());
    }

    /** A directory: redirected to its "/" form, else its first welcome file, else its listing (or a 404). */
    private void serveDirectory(HttpServletRequest req, HttpServletResponse resp, boolean head, String path,
                                String[] segments) throws IOException {
        if (!path.endsWith("/")) {
            // Relative links in the page must resolve inside the directory, so it must be asked for with its "/".
            // The location is the canonical path, never the raw URI ("//evil.example/../dir" is another host).
            String pathInfo = req.getPathInfo();
            String canonical = req.getContextPath() + req.getServletPath() + (pathInfo == null ? "" : pathInfo);
            resp.setStatus(HttpServletResponse.SC_FOUND);
            resp.setHeader("Location", UriPath.redirectLocation(canonical + "/", req.getQueryString()));
            resp.setContentLength(0);
            return;
        }
        for (String welcome : welcomeFiles) {
            String[] welcomeName = PathSegments.parse(welcome);
            if (welcomeName == null || welcomeName.length != 1) {
                continue;   // a welcome file is a plain name in the directory, nothing else
            }
            String[] welcomePath = PathSegments.child(segments, welcomeName[0]);
            try (Resource file = resources.find(welcomePath)) {
                if (file != null && !file.isDirectory()) {
                    FileResponder.respond(req, resp, head, isInclude(req), file, contentType(welcome),
                            siblings(welcomePath));
                    return;
                }
            }
        }
        if (!listings) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] page = DirectoryListing.html(path, resources.servableChildren(segments), segments.length > 0);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setContentLength(page.length);
        if (!head) {
            resp.getOutputStream().write(page);
        }
    }

    /** Where the precompressed siblings of the file at {@code segments} are, or null when they are not served. */
    private Precompressed.Siblings siblings(String[] segments) {
        if (!precompressed || segments.length == 0) {
            return null;
        }
        return suffix -> {
            String[] sibling = segments.clone();
            sibling[sibling.length - 1] += suffix;
            return resources.refuses(sibling) ? null : resources.find(sibling);
        };
    }

    /** The app's {@code <mime-mapping>}s first, then the built-in table; text is served as UTF-8. */
    private String contentType(String name) {
        String type = null;
        try {
            type = getServletContext().getMimeType(name);
        } catch (RuntimeException noContext) {
            // not deployed in a context that knows MIME types: the built-in table alone
        }
        if (type == null) {
            type = MimeTypes.forFileName(name);
        }
        if (type == null) {
            return "application/octet-stream";
        }
        return MimeTypes.isText(type) ? type + ";charset=UTF-8" : type;
    }
}
