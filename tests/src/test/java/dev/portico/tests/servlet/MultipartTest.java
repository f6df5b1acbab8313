package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** multipart/form-data through getParts/getPart and getParameter (Servlet 6.1 §3.2). */
class MultipartTest extends ServletTestSupport {
    private static final String BOUNDARY = "----portico-boundary-7MA4YWxk";

    @TempDir
    Path uploads;

    private static byte[] body(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + part + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String field(String name, String value) {
        return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
    }

    private static String file(String name, String fileName, String content) {
        return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + content;
    }

    private Http.Response upload(String target, byte[] body) throws Exception {
        return Http.post(port(), target, "multipart/form-data; boundary=" + BOUNDARY, body);
    }

    private WebAppSpec app(long maxFileSize) {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("upload", servlet((req, resp) -> {
            StringBuilder sb = new StringBuilder();
            for (Part part : req.getParts()) {
                sb.append(part.getName()).append('|').append(part.getSubmittedFileName()).append('|')
                        .append(part.getSize()).append('\n');
            }
            Part doc = req.getPart("doc");
            sb.append("docContent=").append(new String(doc.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .append('\n');
            sb.append("docType=").append(doc.getContentType()).append('\n');
            sb.append("title=").append(req.getParameter("title")).append('\n');
            sb.append("tags=").append(Arrays.toString(req.getParameterValues("tag"))).append('\n');
            sb.append("query=").append(req.getParameter("q")).append('\n');
            sb.append("missing=").append(req.getPart("nope")).append('\n');
            doc.write("saved.txt");
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print(sb);
        })).multipartConfig(new MultipartConfigElement(uploads.toString(), maxFileSize, -1, 0)).mapping("/upload");
        spec.servlet("noConfig", servlet((req, resp) -> {
            try {
                req.getParts();
                resp.getWriter().print("parsed");
            } catch (IllegalStateException e) {
                resp.getWriter().print("IllegalStateException");
            }
        })).mapping("/noConfig");
        spec.servlet("notMultipart", servlet((req, resp) -> {
            try {
                req.getParts();
                resp.getWriter().print("parsed");
            } catch (ServletException e) {
                resp.getWriter().print("ServletException");
            }
        })).multipartConfig(new MultipartConfigElement("")).mapping("/notMultipart");
        return spec;
    }

    @Test
    void partsAndFormFieldsAreAvailable() throws Exception {
        start(app(-1));
        Http.Response r = upload("/upload?q=query", body(field("title", "Grüße"), field("tag", "a"),
                file("doc", "notes.txt", "file content"), field("tag", "b")));
        assertEquals(200, r.status, r.toString());
        Map<String, String> m = r.lines();
        assertTrue(r.text().startsWith("title|null|7\ntag|null|1\ndoc|notes.txt|12\ntag|null|1\n"), r.text());
        assertEquals("file content", m.get("docContent"));
        assertEquals("text/plain", m.get("docType"));
        assertEquals("Grüße", m.get("title"));
        assertEquals("[a, b]", m.get("tags"));
        assertEquals("query", m.get("query"), "query parameters come with the multipart fields");
        assertEquals("null", m.get("missing"));
        assertEquals("file content", Files.readString(uploads.resolve("saved.txt")));
    }

    @Test
    void tooLargeFileIs413AndMalformedBodyIs400() throws Exception {
        start(app(10));
        assertEquals(413, upload("/upload", body(file("doc", "big.txt", "more than ten bytes"))).status);
        assertEquals(400, upload("/upload", ("--" + BOUNDARY + "\r\nno disposition\r\n\r\nx\r\n--" + BOUNDARY
                + "--\r\n").getBytes(StandardCharsets.US_ASCII)).status);
    }

    @Test
    void needsAMultipartConfigAndAMultipartRequest() throws Exception {
        start(app(-1));
        assertEquals("IllegalStateException", upload("/noConfig", body(field("a", "1"))).text());
        assertEquals("ServletException", post("/notMultipart", "a=1").text());
    }

    @Test
    void temporaryFilesAreDeletedWhenTheRequestEnds() throws Exception {
        start(app(-1));
        String big = "x".repeat(100_000);   // over the threshold of 0: written to a temp file
        assertEquals(200, upload("/upload", body(file("doc", "big.txt", big))).status);
        await("temp files deleted", java.time.Duration.ofSeconds(5), () -> {
            try (Stream<Path> files = Files.list(uploads)) {
                return files.allMatch(p -> p.getFileName().toString().equals("saved.txt"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertEquals(big, Files.readString(uploads.resolve("saved.txt")));
    }

    /** Part.write(name): a relative name is resolved in the upload location and may not climb out of it. */
    @Test
    void partWriteRefusesARelativeNameThatLeavesTheUploadLocation() throws Exception {
        Path location = Files.createDirectories(uploads.resolve("in"));
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("saveAs", servlet((req, resp) -> {
            resp.setContentType("text/plain;charset=UTF-8");
            try {
                req.getPart("doc").write(req.getParameter("name"));
                resp.getWriter().print("written");
            } catch (java.io.IOException e) {
                resp.getWriter().print("refused: " + e.getMessage());
            }
        })).multipartConfig(new MultipartConfigElement(location.toString(), -1, -1, 0)).mapping("/saveAs");
        start(spec);
        for (String name : new String[] {"../escaped.txt", "sub/../../escaped.txt", "..", "a/.."}) {
            String answer = upload("/saveAs?name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8),
                    body(file("doc", "x.txt", "payload"))).text();
            assertTrue(answer.startsWith("refused: ") && answer.contains("\"..\""), name + " → " + answer);
        }
        assertTrue(Files.notExists(uploads.resolve("escaped.txt")));
        assertEquals("written", upload("/saveAs?name=kept.txt", body(file("doc", "x.txt", "payload"))).text());
        assertEquals("payload", Files.readString(location.resolve("kept.txt")));
        Path absolute = uploads.resolve("absolute.txt").toAbsolutePath();
        assertEquals("written", upload("/saveAs?name=" + java.net.URLEncoder.encode(absolute.toString(),
                StandardCharsets.UTF_8), body(file("doc", "x.txt", "payload"))).text());
        assertEquals("payload", Files.readString(absolute), "an absolute name is used as it is (Part javadoc)");
    }
}
