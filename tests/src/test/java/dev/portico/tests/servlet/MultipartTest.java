package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.http.HttpLimits;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
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

    private RawHttp.Response upload(String target, byte[] body) throws Exception {
        return RawHttp.post(port(), target, "multipart/form-data; boundary=" + BOUNDARY, body);
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
        spec.servlet("fields", servlet((req, resp) -> {
            String title = req.getParameter("title");
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print(title.length() + "," + title.chars().filter(c -> c == 0xFFFD).count());
        })).multipartConfig(new MultipartConfigElement(uploads.toString(), -1, -1, 0)).mapping("/fields");
        spec.servlet("partSizes", servlet((req, resp) -> {
            long total = 0;
            for (Part part : req.getParts()) {
                total += part.getSize();
            }
            resp.getWriter().print(total);
        })).multipartConfig(new MultipartConfigElement(uploads.toString(), -1, -1, 0)).mapping("/partSizes");
        return spec;
    }

    @Test
    void partsAndFormFieldsAreAvailable() throws Exception {
        start(app(-1));
        RawHttp.Response r = upload("/upload?q=query", body(field("title", "Grüße"), field("tag", "a"),
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
    void malformedBodyIs400() throws Exception {
        start(app(-1));
        byte[] valid = body(field("title", "t"));
        assertEquals(400, RawHttp.post(port(), "/upload", "multipart/form-data", valid).status, "no boundary");
        assertEquals(400, RawHttp.post(port(), "/upload", "multipart/form-data; boundary=other", valid).status,
                "a boundary the body does not use");
        assertEquals(400, upload("/upload", Arrays.copyOf(valid, valid.length - 10)).status, "truncated");
        assertEquals(400, upload("/fields", ("--" + BOUNDARY + "\r\nno colon here\r\n\r\nx\r\n--" + BOUNDARY
                + "--\r\n").getBytes(StandardCharsets.US_ASCII)).status, "a header line without a colon");
    }

    @Test
    void partHeaderSectionOverItsLimitIs413() throws Exception {
        start(app(-1));
        String longHeader = "X-Padding: " + "p".repeat(17 * 1024) + "\r\n";
        assertEquals(413, upload("/upload", body(longHeader + field("title", "t"))).status);
        assertEquals(413, upload("/fields", body(longHeader + field("title", "t"))).status, "read as parameters");
    }

    @Test
    void tooManyFormFieldsAre413() throws Exception {
        start(app(-1));
        String[] fields = new String[1001];
        Arrays.fill(fields, field("title", "t"));
        assertEquals(413, upload("/fields", body(fields)).status);
    }

    @Test
    void formFieldsReadAsParametersObeyTheFormLimitEvenFromDisk() throws Exception {
        start(app(-1));
        String atLimit = "x".repeat((int) HttpLimits.DEFAULT_MAX_FORM_SIZE);
        assertEquals(atLimit.length() + ",0", upload("/fields", body(field("title", atLimit))).text());
        byte[] over = body(field("title", atLimit), field("tag", "1"));
        RawHttp.Response r = upload("/fields", over);
        assertEquals(413, r.status, r.statusLine);
        assertEquals(String.valueOf(atLimit.length() + 1), upload("/partSizes", over).text(),
                "getParts is bounded by the multipart config, not by the form limit");
    }

    @Test
    void fieldInvalidInTheRequestCharsetDecodesTheSameAtEverySize() throws Exception {
        start(app(-1));
        // 0xE9 alone is not UTF-8: String(bytes, UTF_8) gives one U+FFFD for it
        for (int size : new int[] {10, 200_000}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes("y".repeat(size - 1).getBytes(StandardCharsets.US_ASCII));
            out.write(0xE9);
            out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = RawHttp.post(port(), "/fields", "multipart/form-data; charset=UTF-8; boundary=" + BOUNDARY,
                    out.toByteArray());
            assertEquals(200, r.status, size + " bytes: " + r.statusLine);
            assertEquals(size + ",1", r.text(), size + " bytes");
        }
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
