package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sample-apps/files (multipart upload, download, static files), found by annotation discovery. */
class FilesSampleTest {
    private static final String BOUNDARY = "----portico-test-boundary";

    private PorticoCli portico;
    private final Http http = Http.client();

    @BeforeEach
    void start() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("files"));
    }

    @AfterEach
    void stop() {
        portico.close();
    }

    private HttpResponse<String> upload(String fileName, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(Http.request(portico.uri("/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    @Test
    void anUploadIsListedAndDownloadsAsAnAttachment() {
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        HttpResponse<String> uploaded = upload("data.bin", content);
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        assertTrue(uploaded.headers().firstValue("Location").orElseThrow().endsWith("/files"));

        String list = http.get(portico.uri("/files")).body();
        assertTrue(list.contains("<a class=\"file\" href=\"/files/data.bin\">data.bin</a></td><td class=\"size\">200000"),
                list);

        HttpResponse<byte[]> download = http.sendForBytes(Http.request(portico.uri("/files/data.bin")).GET().build());
        assertEquals(200, download.statusCode());
        assertArrayEquals(content, download.body());
        assertEquals("attachment; filename=\"data.bin\"; filename*=UTF-8''data.bin",
                download.headers().firstValue("Content-Disposition").orElseThrow());
    }

    @Test
    void aNonAsciiNameIsEncodedForTheDownload() {
        assertEquals(303, upload("résumé <1>.txt", "bonjour".getBytes(StandardCharsets.UTF_8)).statusCode());
        String list = http.get(portico.uri("/files")).body();
        assertTrue(list.contains(">résumé &lt;1&gt;.txt</a>"), list);

        HttpResponse<String> download = http.get(portico.uri("/files/r%C3%A9sum%C3%A9%20%3C1%3E.txt"));
        assertEquals(200, download.statusCode());
        assertEquals("bonjour", download.body());
        assertEquals("attachment; filename=\"r_sum_ <1>.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%3C1%3E.txt",
                download.headers().firstValue("Content-Disposition").orElseThrow());
    }

    @Test
    void namesWithPathSeparatorsAreRejected() {
        assertEquals(400, upload("../escape.txt", new byte[] {1}).statusCode());
        assertEquals(400, upload("dir\\file.txt", new byte[] {1}).statusCode());
        assertEquals(400, upload("..", new byte[] {1}).statusCode());
        int traversal = http.get(portico.uri("/files/..%2F..%2Fetc%2Fpasswd")).statusCode();
        assertTrue(traversal == 400 || traversal == 404, "status " + traversal);
        assertFalse(http.get(portico.uri("/files")).body().contains("class=\"file\""), "nothing was stored");
    }

    @Test
    void aFileOverOneMebibyteIsA413() {
        HttpResponse<String> response = upload("big.bin", new byte[1024 * 1024 + 1]);
        assertEquals(413, response.statusCode());
        assertEquals(303, upload("just-fits.bin", new byte[1024 * 1024]).statusCode());
    }

    @Test
    void anUnknownFileIsA404AndAFormWithoutAFileA400() {
        assertEquals(404, http.get(portico.uri("/files/nothing.txt")).statusCode());
        assertEquals(415, http.postForm(portico.uri("/files"), "a=b").statusCode());
        HttpRequest empty = Http.request(portico.uri("/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(BodyPublishers.ofString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                        + "hello\r\n--" + BOUNDARY + "--\r\n")).build();
        assertEquals(400, http.send(empty).statusCode());
    }

    @Test
    void staticFilesAreServedFromTheJar() {
        HttpResponse<String> index = http.get(portico.uri("/index.html"));
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("<p id=\"about\">"), index.body());
        assertTrue(http.get(portico.uri("/")).body().contains("<p id=\"about\">"), "index.html is the welcome file");
        HttpResponse<String> css = http.get(portico.uri("/style.css"));
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
    }
}
