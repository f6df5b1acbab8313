package example.files;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Upload and download, kept in a temporary directory that lives as long as the app.
 *
 * <ul>
 *   <li>{@code GET /files} the list of uploaded files and an upload form</li>
 *   <li>{@code POST /files} a {@code multipart/form-data} upload, field {@code file} (one or more); at most
 *       {@value #MAX_FILE_SIZE} bytes a file and {@value #MAX_REQUEST_SIZE} a request; answers 303 to the list</li>
 *   <li>{@code GET /files/NAME} downloads a file as an attachment</li>
 * </ul>
 */
@WebServlet(name = "files", urlPatterns = {"/files", "/files/*"})
@MultipartConfig(maxFileSize = FilesServlet.MAX_FILE_SIZE, maxRequestSize = FilesServlet.MAX_REQUEST_SIZE,
        fileSizeThreshold = 64 * 1024)
public class FilesServlet extends HttpServlet {
    static final long MAX_FILE_SIZE = 1024 * 1024;
    static final long MAX_REQUEST_SIZE = 4 * 1024 * 1024;
    /** So that a loop of uploads cannot fill the disk: 100 files of at most 1 MiB. */
    static final int MAX_FILES = 100;

    private Path store;

    @Override
    public void init() throws ServletException {
        try {
            store = Files.createTempDirectory("portico-files-");
        } catch (IOException e) {
            throw new ServletException("cannot create the upload directory", e);
        }
        getServletContext().log("files: uploads are kept in " + store);
    }

    @Override
    public void destroy() {
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(store);
        } catch (IOException | UncheckedIOException e) {
            getServletContext().log("files: could not remove " + store, e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            list(request, response);
            return;
        }
        String name = path.substring(1);
        String problem = FileNames.problem(name);
        if (problem != null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, problem);
            return;
        }
        Path file = store.resolve(name);
        if (!Files.isRegularFile(file)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no file called " + name);
            return;
        }
        String type = getServletContext().getMimeType(name);
        response.setContentType(type != null ? type : "application/octet-stream");
        response.setContentLengthLong(Files.size(file));
        response.setHeader("Content-Disposition", FileNames.contentDisposition(name));
        response.setHeader("X-Content-Type-Options", "nosniff");
        Files.copy(file, response.getOutputStream());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        if (path != null && !path.equals("/")) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "send multipart/form-data");
            return;
        }
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (IllegalStateException e) {
            // Servlet 6.1 section 3.2: getParts throws IllegalStateException past maxFileSize/maxRequestSize.
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "files are at most " + MAX_FILE_SIZE + " bytes, uploads at most " + MAX_REQUEST_SIZE);
            return;
        }
        List<Part> uploads = new ArrayList<>();
        for (Part part : parts) {
            if (part.getName().equals("file") && part.getSubmittedFileName() != null) {
                if (part.getSubmittedFileName().isEmpty() && part.getSize() == 0) {
                    continue; // the browser's "no file chosen"
                }
                String problem = FileNames.problem(part.getSubmittedFileName());
                if (problem != null) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, problem);
                    return;
                }
                uploads.add(part);
            }
        }
        if (uploads.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "choose a file to upload (field \"file\")");
            return;
        }
        synchronized (this) {
            if (count() + uploads.size() > MAX_FILES) {
                response.sendError(507, "the store is full (" + MAX_FILES + " files)");
                return;
            }
            for (Part part : uploads) {
                save(part);
            }
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + "/files");
    }

    /** Copies to a temporary name first, so a download never sees half a file. */
    private void save(Part part) throws IOException {
        Path target = store.resolve(part.getSubmittedFileName());
        Path partial = Files.createTempFile(store, ".upload-", ".part");
        try (InputStream in = part.getInputStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
            part.delete();
        }
        getServletContext().log("files: stored " + target.getFileName() + " (" + Files.size(target) + " bytes)");
    }

    private int count() throws IOException {
        return listFiles().size();
    }

    private TreeMap<String, Long> listFiles() throws IOException {
        TreeMap<String, Long> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(store)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".upload-") && Files.isRegularFile(entry)) {
                    files.put(name, Files.size(entry));
                }
            }
        }
        return files;
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = request.getContextPath() + "/files";
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Files</title>");
        out.println("<link rel=\"stylesheet\" href=\"" + Html.escape(request.getContextPath()) + "/style.css\">");
        out.println("</head><body><h1>Uploaded files</h1>");
        out.println("<form method=\"post\" action=\"" + Html.escape(base) + "\" enctype=\"multipart/form-data\">");
        out.println("<input type=\"file\" name=\"file\" multiple> <button>Upload</button>"
                + " <small>(at most 1 MiB a file)</small></form>");
        out.println("<table id=\"files\"><tr><th>Name</th><th>Bytes</th></tr>");
        for (var file : listFiles().entrySet()) {
            String href = base + "/" + URLEncoder.encode(file.getKey(), StandardCharsets.UTF_8).replace("+", "%20");
            out.println("<tr><td><a class=\"file\" href=\"" + Html.escape(href) + "\">" + Html.escape(file.getKey())
                    + "</a></td><td class=\"size\">" + file.getValue() + "</td></tr>");
        }
        out.println("</table></body></html>");
    }
}
