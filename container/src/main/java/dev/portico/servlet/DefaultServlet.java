package dev.portico.servlet;

import dev.portico.http.HttpDate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Portico's static-file servlet: GET and HEAD of files under a root, with validators (ETag, Last-Modified), the
 * conditional requests of RFC 9110 §13, single byte ranges (§14), welcome files and an optional directory listing.
 *
 * <p>Init parameters: {@code root} — a directory on disk (without it, files come from the web application's own
 * resources, {@code ServletContext.getResource}); {@code listings} — {@code false} turns directory listings off;
 * {@code welcomeFiles} — comma-separated, default {@code index.html,index.htm}; {@code dotfiles} — {@code true}
 * serves and lists names starting with {@code .} (hidden by default, see below).
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
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final String[] NO_SEGMENTS = new String[0];

    private transient Path root;                 // real path of the root directory; null: the context's resources
    private boolean listings = true;
    private boolean dotfiles;
    private List<String> welcomeFiles = List.of("index.html", "index.htm");

    @Override
    public void init() throws ServletException {
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
        dotfiles = "true".equalsIgnoreCase(String.valueOf(getInitParameter("dotfiles")).trim());
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
        boolean include = req.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null;
        String path = include ? includedPath(req) : requestPath(req);
        String[] segments = segments(path);
        if (segments == null || isRefused(segments)) {
            LOG.debug("refused path {}", path);
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (Resource resource = lookup(segments)) {
            if (resource == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            } else if (resource.isDirectory()) {
                serveDirectory(req, resp, head, path, segments);
            } else if (path.endsWith("/")) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);   // a file is not a directory
            } else {
                serveFile(req, resp, head, include, resource, segments[segments.length - 1]);
            }
        }
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

    /**
     * The non-empty segments of a decoded path, or null when the path is one we refuse to serve: {@code .} or
     * {@code ..} segments, backslashes (a separator on Windows), NUL and other control characters.
     */
    static String[] segments(String path) {
        if (path == null) {
            return null;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return null;
            }
        }
        if (path.isEmpty() || path.equals("/")) {
            return NO_SEGMENTS;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments.toArray(NO_SEGMENTS);
    }

    /** Servlet 6.1 §10.5: nothing under WEB-INF or META-INF of a web application is served directly. */
    private static boolean isProtected(String[] segments) {
        return segments.length > 0
                && (segments[0].equalsIgnoreCase("WEB-INF") || segments[0].equalsIgnoreCase("META-INF"));
    }

    /** A segment starting with "." other than a leading ".well-known" (RFC 8615), unless dotfiles are served. */
    private boolean isHidden(String[] segments) {
        if (dotfiles) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith(".") && !(i == 0 && segments[i].equals(".well-known"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a root-relative path (asked for, or real) is one this servlet never serves nor lists. */
    private boolean isRefused(String[] segments) {
        return (root == null && isProtected(segments)) || isHidden(segments);
    }

    // ---- finding the file --------------------------------------------------------------------------------------

    private Resource lookup(String[] segments) throws IOException {
        if (root != null) {
            Path candidate;
            try {
                candidate = root.resolve(String.join("/", segments));
            } catch (InvalidPathException notAName) {
                return null;     // a name this file system cannot hold cannot be one of its files
            }
            return PathResource.under(root, candidate, this::isRefused);
        }
        String path = "/" + String.join("/", segments);
        URL url = getServletContext().getResource(path);
        if (url == null) {
            return null;
        }
        Path file = toPath(url);
        if (file != null) {
            // The context resolved root + path; walking back up as many levels as the path has segments gives the
            // resource root it came from, whichever of several roots that was.
            Path resourceRoot = file;
            for (int i = 0; i < segments.length && resourceRoot != null; i++) {
                resourceRoot = resourceRoot.getParent();
            }
            return resourceRoot == null ? null : PathResource.under(resourceRoot, file, this::isRefused);
        }
        String dirPath = path.endsWith("/") ? path : path + "/";
        return UrlResource.open(url, getServletContext().getResourcePaths(dirPath) != null);
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException | SecurityException e) {
            return null;   // e.g. a jar: URL whose zip file system is not open: read it through the URL instead
        }
    }

    // ---- directories -------------------------------------------------------------------------------------------

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
            String[] welcomeName = segments(welcome);
            if (welcomeName == null || welcomeName.length != 1) {
                continue;   // a welcome file is a plain name in the directory, nothing else
            }
            String[] welcomeSegments = Arrays.copyOf(segments, segments.length + 1);
            welcomeSegments[segments.length] = welcomeName[0];
            try (Resource file = lookup(welcomeSegments)) {
                if (file != null && !file.isDirectory()) {
                    boolean include = req.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null;
                    serveFile(req, resp, head, include, file, welcome);
                    return;
                }
            }
        }
        if (!listings) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        List<String> children = servable(segments, root != null
                ? listDirectory(root.resolve(String.join("/", segments)))
                : listResources("/" + String.join("/", segments) + (segments.length == 0 ? "" : "/")));
        byte[] page = DirectoryListing.html(path, children, segments.length > 0);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setContentLength(page.length);
        if (!head) {
            resp.getOutputStream().write(page);
        }
    }

    private static List<String> listDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).toList();
        }
    }

    private List<String> listResources(String dirPath) {
        Set<String> paths = getServletContext().getResourcePaths(dirPath);
        List<String> names = new ArrayList<>();
        if (paths != null) {
            for (String p : paths) {
                names.add(p.substring(dirPath.length()));
            }
        }
        return names;
    }

    /**
     * The names a listing may show: those a request for them would be served, so neither a refused name nor a
     * link whose real path is refused or outside the root appears.
     */
    private List<String> servable(String[] segments, List<String> names) throws IOException {
        List<String> shown = new ArrayList<>(names.size());
        for (String name : names) {
            String[] child = child(segments, name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            if (isRefused(child)) {
                continue;
            }
            try (Resource resource = lookup(child)) {
                if (resource != null) {
                    shown.add(name);
                }
            }
        }
        return shown;
    }

    private static String[] child(String[] segments, String name) {
        String[] child = Arrays.copyOf(segments, segments.length + 1);
        child[segments.length] = name;
        return child;
    }

    // ---- files -------------------------------------------------------------------------------------------------

    private void serveFile(HttpServletRequest req, HttpServletResponse resp, boolean head, boolean include,
                           Resource file, String name) throws IOException {
        long length = file.length();
        long lastModified = file.lastModified();
        String etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(lastModified) + "\"";
        if (include) {
            // An included file only contributes its bytes: status and headers belong to the including servlet.
            if (!head) {
                writeBody(resp, file, name, 0, length);
            }
            return;
        }
        if (isErrorResponse(req, resp)) {
            // RFC 9110 §13.2.1: preconditions are ignored when the response would not be a 2xx, and a range is a
            // part of a 200 (§14.2). An error page is the body of its error status: whole, without validators.
            resp.setContentType(contentType(name));
            resp.setHeader("X-Content-Type-Options", "nosniff");
            if (!head && writerTaken(resp)) {
                copyText(file, resp.getWriter(), name);
                return;
            }
            resp.setContentLengthLong(length);
            if (!head) {
                copy(file, resp.getOutputStream(), 0, length);
            }
            return;
        }
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setHeader("ETag", etag);
        if (lastModified > 0) {
            resp.setHeader("Last-Modified", HttpDate.format(lastModified));
        }
        int precondition = Preconditions.evaluate(req, etag, lastModified);
        if (precondition != 0) {
            resp.setStatus(precondition);
            if (precondition == HttpServletResponse.SC_PRECONDITION_FAILED) {
                resp.setContentLength(0);
            }
            return;
        }
        resp.setContentType(contentType(name));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (!head && writerTaken(resp)) {
            // A filter already wrote text: the file follows it whole, with no length or range of its own.
            copyText(file, resp.getWriter(), name);
            return;
        }
        // RFC 9110 §14.2: only GET has range semantics; a Range on HEAD is ignored.
        long[] range = head ? null : ByteRanges.select(req.getHeader("Range"), req.getHeader("If-Range"), etag,
                lastModified, length);
        if (range == ByteRanges.UNSATISFIABLE) {
            resp.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            resp.setHeader("Content-Range", "bytes */" + length);
            resp.setContentLength(0);
            return;
        }
        long start = 0;
        long count = length;
        if (range != null) {
            start = range[0];
            count = range[1] - range[0] + 1;
            resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            resp.setHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + length);
        }
        resp.setContentLengthLong(count);
        if (!head) {
            copy(file, resp.getOutputStream(), start, count);
        }
    }

    /**
     * An ERROR dispatch (an error page), or a forward after the app set a non-2xx status: the file is the body of
     * that status, not the representation a conditional or range request asks about.
     */
    private static boolean isErrorResponse(HttpServletRequest req, HttpServletResponse resp) {
        return req.getDispatcherType() == DispatcherType.ERROR || resp.getStatus() < 200 || resp.getStatus() > 299;
    }

    private String contentType(String name) {
        String type = null;
        try {
            type = getServletContext().getMimeType(name);   // the app's <mime-mapping>s come first
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

    /**
     * Whether the app already took the response's writer — a filter or an including servlet called getWriter — so
     * the bytes cannot go to the output stream (§5.3 lets a response have one or the other). Tomcat's default
     * servlet then writes the file through the writer, and so does this one.
     */
    private static boolean writerTaken(HttpServletResponse resp) throws IOException {
        try {
            resp.getOutputStream();
            return false;
        } catch (IllegalStateException writerInUse) {
            return true;
        }
    }

    private void writeBody(HttpServletResponse resp, Resource file, String name, long start, long count)
            throws IOException {
        if (writerTaken(resp)) {
            copyText(file, resp.getWriter(), name);
        } else {
            copy(file, resp.getOutputStream(), start, count);
        }
    }

    /** The whole file through the writer, read in the charset it is served with (UTF-8 for text, else bytes 1:1). */
    private void copyText(Resource file, PrintWriter writer, String name) throws IOException {
        Charset charset = contentType(name).endsWith(";charset=UTF-8") ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1;
        try (Reader in = new InputStreamReader(file.open(), charset)) {
            in.transferTo(writer);
        }
        writer.flush();
    }

    /** Streams {@code count} bytes from {@code start} through one fixed buffer: never the whole file in memory. */
    private static void copy(Resource file, ServletOutputStream out, long start, long count) throws IOException {
        try (InputStream in = file.open()) {
            in.skipNBytes(start);
            byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, Math.max(1, count))];
            long remaining = count;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    // The file shrank after Content-Length was sent: the response cannot be completed truthfully.
                    throw new EOFException("file ended " + remaining + " bytes early while being served");
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
        }
    }

    // ---- resources ---------------------------------------------------------------------------------------------

    /** One file or directory, wherever it lives; closing releases whatever looking at it opened. */
    interface Resource extends Closeable {
        boolean isDirectory();

        long length();

        /** Milliseconds since the epoch, or 0 when unknown. */
        long lastModified();

        InputStream open() throws IOException;

        @Override
        default void close() throws IOException {
        }
    }

    /** A file system path (the default one or a zip file system) confined to a root by its real path. */
    private record PathResource(Path path, BasicFileAttributes attributes) implements Resource {

        /**
         * The resource at {@code candidate} if it exists, its real path (symbolic links followed) is inside the
         * real path of {@code root}, and that real path relative to the real root is not {@code refused}; null
         * otherwise. Only directories and regular files count: a FIFO or device is not a file to serve (reading
         * it could block forever).
         */
        static Resource under(Path root, Path candidate, Predicate<String[]> refused) throws IOException {
            // Lexically first (the segments were checked, so this is a second line of defence), then for real.
            if (!candidate.normalize().startsWith(root.normalize())) {
                return null;
            }
            Path realRoot;
            try {
                realRoot = root.toRealPath();
            } catch (IOException | SecurityException missing) {
                return null;
            }
            Path real;
            BasicFileAttributes attributes;
            try {
                real = candidate.toRealPath();
                attributes = Files.readAttributes(real, BasicFileAttributes.class);
            } catch (IOException | SecurityException missing) {
                return null;
            }
            if (!real.startsWith(realRoot)) {
                LOG.warn("refused {}: it resolves to {}, outside the root {}", candidate, real, realRoot);
                return null;
            }
            Path relative = realRoot.relativize(real);
            String[] realSegments = new String[relative.toString().isEmpty() ? 0 : relative.getNameCount()];
            for (int i = 0; i < realSegments.length; i++) {
                realSegments[i] = relative.getName(i).toString().replace("/", "");   // zip names directories "x/"
            }
            if (refused.test(realSegments)) {
                LOG.debug("refused {}: its real path {} is not served", candidate, real);
                return null;
            }
            if (!attributes.isDirectory() && !attributes.isRegularFile()) {
                return null;
            }
            return new PathResource(real, attributes);
        }

        @Override
        public boolean isDirectory() {
            return attributes.isDirectory();
        }

        @Override
        public long length() {
            return attributes.size();
        }

        @Override
        public long lastModified() {
            return attributes.lastModifiedTime().toMillis();
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /**
     * A resource the context can only give as a URL (a jar entry whose zip file system is not open). Caches are off,
     * so closing the stream closes the jar and a redeploy finds no file held open.
     */
    private static final class UrlResource implements Resource {
        private final boolean directory;
        private final URLConnection connection;
        private InputStream stream;

        private UrlResource(boolean directory, URLConnection connection) {
            this.directory = directory;
            this.connection = connection;
        }

        static Resource open(URL url, boolean directory) throws IOException {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            UrlResource resource = new UrlResource(directory, connection);
            if (!directory) {
                try {
                    resource.stream = connection.getInputStream();
                } catch (FileNotFoundException gone) {
                    return null;
                }
                if (connection.getContentLengthLong() < 0) {
                    resource.close();
                    return null;     // no length, no honest Content-Length: do not serve it
                }
            }
            return resource;
        }

        @Override
        public boolean isDirectory() {
            return directory;
        }

        @Override
        public long length() {
            return connection.getContentLengthLong();
        }

        @Override
        public long lastModified() {
            return Math.max(0, connection.getLastModified());
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in = stream;
            stream = null;
            if (in == null) {
                throw new IOException("resource stream already consumed: " + connection.getURL());
            }
            return in;
        }

        @Override
        public void close() throws IOException {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
    }

    // ---- HTTP semantics ----------------------------------------------------------------------------------------

    /** An HTTP-date header in whole seconds (the resolution of Last-Modified), or -1 when absent or invalid. */
    static long seconds(String httpDate) {
        long millis = httpDate == null ? -1 : HttpDate.parse(httpDate);
        return millis < 0 ? -1 : millis / 1000;
    }

    /** RFC 9110 §13.2.2: the order in which preconditions are evaluated, for GET and HEAD. */
    static final class Preconditions {
        private Preconditions() {
        }

        /** 0 to go on, 304 Not Modified or 412 Precondition Failed. */
        static int evaluate(HttpServletRequest req, String etag, long lastModified) {
            long modifiedSeconds = lastModified / 1000;
            String ifMatch = req.getHeader("If-Match");
            if (ifMatch != null) {
                if (!matches(ifMatch, etag, true)) {
                    return HttpServletResponse.SC_PRECONDITION_FAILED;
                }
            } else {
                long since = seconds(req.getHeader("If-Unmodified-Since"));
                if (since >= 0 && lastModified > 0 && modifiedSeconds > since) {
                    return HttpServletResponse.SC_PRECONDITION_FAILED;
                }
            }
            String ifNoneMatch = req.getHeader("If-None-Match");
            if (ifNoneMatch != null) {
                return matches(ifNoneMatch, etag, false) ? HttpServletResponse.SC_NOT_MODIFIED : 0;
            }
            long since = seconds(req.getHeader("If-Modified-Since"));
            if (since >= 0 && lastModified > 0 && modifiedSeconds <= since) {
                return HttpServletResponse.SC_NOT_MODIFIED;
            }
            return 0;
        }

        /**
         * Whether a list of entity tags (or "*") matches ours: §8.8.3.2 strong comparison for If-Match and If-Range
         * (a weak tag never matches), weak comparison for If-None-Match.
         */
        static boolean matches(String header, String etag, boolean strong) {
            if (header.trim().equals("*")) {
                return true;
            }
            for (String candidate : header.split(",")) {
                String tag = candidate.trim();
                boolean weak = tag.startsWith("W/");
                if (weak && strong) {
                    continue;
                }
                if ((weak ? tag.substring(2) : tag).equals(etag)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** RFC 9110 §14: which part of the file a Range header asks for. */
    static final class ByteRanges {
        static final long[] UNSATISFIABLE = new long[0];

        private ByteRanges() {
        }

        /**
         * {first, last} (inclusive) for one satisfiable range, {@link #UNSATISFIABLE}, or null for the whole file:
         * no Range, a Range we ignore (not bytes, malformed, §14.2 allows ignoring), an If-Range that no longer
         * matches (§13.1.5), or several ranges — answered with the whole 200, which §14.2 permits and which spares
         * us multipart/byteranges (and its amplification risks) for a request browsers practically never send.
         */
        static long[] select(String range, String ifRange, String etag, long lastModified, long length) {
            if (range == null) {
                return null;
            }
            if (ifRange != null && !ifRangeHolds(ifRange.trim(), etag, lastModified)) {
                return null;
            }
            String spec = range.trim();
            if (spec.length() < 6 || !spec.regionMatches(true, 0, "bytes=", 0, 6)) {
                return null;
            }
            spec = spec.substring(6).trim();
            if (spec.isEmpty() || spec.indexOf(',') >= 0) {
                return null;
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            long first = parse(spec.substring(0, dash).trim());
            long last = parse(spec.substring(dash + 1).trim());
            if (dash == 0) {                                   // suffix range "-n": the last n bytes
                if (last < 0) {
                    return null;
                }
                if (last == 0 || length == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, length - last), length - 1};
            }
            if (first < 0 || (dash < spec.length() - 1 && (last < 0 || last < first))) {
                return null;                                   // syntactically invalid: ignore the header
            }
            if (first >= length) {
                return UNSATISFIABLE;
            }
            long end = dash == spec.length() - 1 ? length - 1 : Math.min(last, length - 1);
            return new long[] {first, end};
        }

        /** §13.1.5: an entity tag must match strongly, a date exactly; anything else means "send it all". */
        private static boolean ifRangeHolds(String ifRange, String etag, long lastModified) {
            if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
                return !ifRange.startsWith("W/") && ifRange.equals(etag);
            }
            long date = seconds(ifRange);
            return date >= 0 && lastModified > 0 && date == lastModified / 1000;
        }

        private static long parse(String digits) {
            if (digits.isEmpty() || digits.length() > 18) {
                return -1;
            }
            for (int i = 0; i < digits.length(); i++) {
                if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                    return -1;
                }
            }
            return Long.parseLong(digits);
        }
    }

    /** A plain, escaped HTML index of a directory: subdirectories first, then files, each sorted by name. */
    static final class DirectoryListing {
        private DirectoryListing() {
        }

        static byte[] html(String path, List<String> names, boolean hasParent) {
            List<String> sorted = new ArrayList<>(names);
            Collections.sort(sorted, (a, b) -> {
                boolean dirA = a.endsWith("/");
                boolean dirB = b.endsWith("/");
                return dirA != dirB ? (dirA ? -1 : 1) : a.compareTo(b);
            });
            StringBuilder html = new StringBuilder(256 + 64 * sorted.size());
            String title = "Index of " + escape(path);
            html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                    .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<ul>\n");
            if (hasParent) {
                html.append("<li><a href=\"../\">../</a></li>\n");
            }
            for (String name : sorted) {
                boolean dir = name.endsWith("/");
                String bare = dir ? name.substring(0, name.length() - 1) : name;
                html.append("<li><a href=\"./").append(escape(encodeSegment(bare))).append(dir ? "/" : "")
                        .append("\">").append(escape(name)).append("</a></li>\n");
            }
            html.append("</ul>\n</body></html>\n");
            return html.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Percent-encodes all but RFC 3986 unreserved characters, so any file name is one safe path segment. */
        static String encodeSegment(String name) {
            StringBuilder out = new StringBuilder(name.length() + 8);
            for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_' || c == '~') {
                    out.append((char) c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            return out.toString();
        }

        static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length() + 16);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
