package dev.portico.servlet.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes {@link MultipartParser}. An input is a Content-Type value on its first line, then the body. Properties:
 * <ul>
 *   <li>the parser fails only as documented: {@link MultipartException} (400), or {@link MultipartLimitException}
 *       for a limit (413);</li>
 *   <li>no temp file outlives the form, whether parsing succeeded or failed;</li>
 *   <li>the parts, written out again with the same boundary, parse to the same parts: names, file names, header
 *       fields, content.</li>
 * </ul>
 * The size limits and threshold are small, so that the 413 paths and the spill to disk are reached.
 */
class MultipartParserFuzzTest {
    private static final MultipartConfigElement CONFIG = new MultipartConfigElement("", 2048, 8192, 32);
    private static Path temp;

    @BeforeAll
    static void createTempDir() throws IOException {
        temp = Files.createTempDirectory("portico-multipart-fuzz");
    }

    @AfterAll
    static void deleteTempDir() throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest
    void parseMultipartBody(byte[] input) throws IOException {
        int newline = indexOf(input, (byte) '\n');
        String contentType = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8)
                .strip();
        byte[] body = newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);
        long declaredLength = input.length % 2 == 0 ? body.length : -1;   // Content-Length, or chunked

        List<PartView> parts = parse(contentType, declaredLength, new ByteArrayInputStream(body));
        assertNoTempFiles();
        if (parts == null) {
            return;
        }
        byte[] again = serialize(contentType, parts);
        assertEquals(parts, parse(contentType, again.length, new ByteArrayInputStream(again)),
                () -> "written out again:\n" + new String(again, StandardCharsets.UTF_8));
        assertNoTempFiles();
    }

    /** What a part came to: its name, file name, header fields in arrival order of their names, content. */
    record PartView(String name, String fileName, List<String[]> headers, byte[] content) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PartView p && name.equals(p.name) && java.util.Objects.equals(fileName, p.fileName)
                    && headers.size() == p.headers.size()
                    && java.util.stream.IntStream.range(0, headers.size())
                            .allMatch(i -> Arrays.equals(headers.get(i), p.headers.get(i)))
                    && Arrays.equals(content, p.content);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("part ").append(name).append(" file ").append(fileName);
            headers.forEach(h -> sb.append(" [").append(h[0]).append(": ").append(h[1]).append(']'));
            return sb.append(' ').append(HexFormat.of().formatHex(content)).toString();
        }
    }

    /** The parts, or null when the body was refused. */
    private static List<PartView> parse(String contentType, long length, InputStream body) throws IOException {
        MultipartParser parser = new MultipartParser(CONFIG, temp, StandardCharsets.UTF_8);
        try (MultipartForm form = parser.parse(contentType, length, body)) {
            List<PartView> parts = new ArrayList<>();
            for (Part part : form.parts()) {
                List<String[]> headers = new ArrayList<>();
                for (String name : part.getHeaderNames()) {
                    for (String value : part.getHeaders(name)) {
                        headers.add(new String[] {name, value});
                    }
                }
                try (InputStream in = part.getInputStream()) {
                    byte[] content = in.readAllBytes();
                    assertEquals(part.getSize(), content.length, "size of part " + part.getName());
                    parts.add(new PartView(part.getName(), part.getSubmittedFileName(), headers, content));
                }
            }
            form.formFields();
            return parts;
        } catch (MultipartException refused) {
            return null;
        } catch (MultipartLimitException tooLarge) {
            return null;
        }
    }

    /** The body a client would send for these parts. */
    private static byte[] serialize(String contentType, List<PartView> parts) throws MultipartException {
        String boundary = MultipartParser.boundaryOf(contentType);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PartView part : parts) {
            out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String[] header : part.headers()) {
                out.writeBytes((header[0] + ": " + header[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            List<Path> left = files.toList();
            assertTrue(left.isEmpty(), () -> "temp files left behind: " + left);
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
