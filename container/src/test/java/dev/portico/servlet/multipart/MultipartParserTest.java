package dev.portico.servlet.multipart;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartParserTest {
    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @TempDir
    Path temp;

    /** Builds a body the way a browser does: CRLF line ends, dash-dash boundary lines, a closing delimiter. */
    static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final String boundary;

        Body(String boundary) {
            this.boundary = boundary;
        }

        Body raw(String s) {
            out.writeBytes(s.getBytes(UTF_8));
            return this;
        }

        Body raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Body field(String name, String value) {
            return raw("--" + boundary + "\r\n")
                    .raw("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                    .raw(value).raw("\r\n");
        }

        Body file(String name, String fileName, String type, byte[] content) {
            return raw("--" + boundary + "\r\n")
                    .raw("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n")
                    .raw("Content-Type: " + type + "\r\n\r\n")
                    .raw(content).raw("\r\n");
        }

        Body close() {
            return raw("--" + boundary + "--\r\n");
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static Body body() {
        return new Body(BOUNDARY);
    }

    private MultipartParser parser(long maxFile, long maxRequest, int threshold) {
        return new MultipartParser(new MultipartConfigElement(temp.resolve("uploads").toString(), maxFile, maxRequest,
                threshold), temp, UTF_8);
    }

    private MultipartParser parser() {
        return parser(-1, -1, 1024);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private long uploadFiles() throws IOException {
        Path uploads = temp.resolve("uploads");
        if (!Files.exists(uploads)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.count();
        }
    }

    /** Hands out at most {@code max} bytes per read, to put every boundary across buffer refills. */
    static InputStream trickle(byte[] data, int max) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            private final Random random = new Random(max);

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
            }
        };
    }

    @Test
    void parsesFieldsAndFilesAsBrowserSendsThem() throws IOException {
        byte[] png = bytes(300, 1);
        byte[] data = body().field("title", "Holiday").file("photo", "beach.png", "image/png", png)
                .field("tags", "sea").field("tags", "sun").close().bytes();
        try (MultipartForm form = parser().parse(CONTENT_TYPE, data.length, new ByteArrayInputStream(data))) {
            List<Part> parts = form.parts();
            assertEquals(4, parts.size());
            Part photo = form.part("photo");
            assertEquals("beach.png", photo.getSubmittedFileName());
            assertEquals("image/png", photo.getContentType());
            assertEquals(300, photo.getSize());
            assertArrayEquals(png, read(photo));
            Part title = parts.get(0);
            assertEquals("title", title.getName());
            assertNull(title.getSubmittedFileName());
            assertNull(title.getContentType());
            assertEquals("form-data; name=\"title\"", title.getHeader("content-disposition"));
            assertEquals(List.of("Content-Disposition"), List.copyOf(title.getHeaderNames()));
            assertEquals(Map.of("title", List.of("Holiday"), "tags", List.of("sea", "sun")), form.formFields());
        }
    }

    @Test
    void preambleAndEpilogueAreIgnored() throws IOException {
        byte[] data = new Body(BOUNDARY).raw("This is the preamble.\r\nIt is to be ignored.\r\n")
                .field("a", "1").close().raw("This is the epilogue.\r\n").bytes();
        try (MultipartForm form = parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals(Map.of("a", List.of("1")), form.formFields());
        }
    }

    @Test
    void quotedBoundaryWithSpaceIsAccepted() throws IOException {
        String boundary = "simple boundary:=?";
        byte[] data = new Body(boundary).field("x", "y").close().bytes();
        try (MultipartForm form = parser().parse("Multipart/Form-Data; charset=utf-8; boundary=\"" + boundary + "\"",
                new ByteArrayInputStream(data))) {
            assertEquals(Map.of("x", List.of("y")), form.formFields());
        }
    }

    @Test
    void emptyFieldsAndEmptyFileAreKept() throws IOException {
        byte[] data = body().field("empty", "").file("upload", "", "application/octet-stream", new byte[0])
                .close().bytes();
        try (MultipartForm form = parser(-1, -1, 0).parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals(Map.of("empty", List.of("")), form.formFields());
            Part upload = form.part("upload");
            assertEquals("", upload.getSubmittedFileName(), "no file chosen is still a file part");
            assertEquals(0, upload.getSize());
            assertEquals(0, uploadFiles(), "empty parts never need a temp file");
        }
    }

    @Test
    void bodyWithOnlyTheCloseDelimiterHasNoParts() throws IOException {
        byte[] data = body().close().bytes();
        try (MultipartForm form = parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertTrue(form.parts().isEmpty());
        }
    }

    @Test
    void fileBelowThresholdStaysInMemoryAboveGoesToDisk() throws IOException {
        byte[] small = bytes(1024, 2);
        byte[] large = bytes(50_000, 3);
        byte[] data = body().file("small", "s.bin", "application/octet-stream", small)
                .file("large", "l.bin", "application/octet-stream", large).close().bytes();
        MultipartForm form = parser(-1, -1, 1024).parse(CONTENT_TYPE, new ByteArrayInputStream(data));
        MultipartPart smallPart = (MultipartPart) form.part("small");
        MultipartPart largePart = (MultipartPart) form.part("large");
        assertFalse(smallPart.isOnDisk(), "a part of exactly the threshold stays in memory");
        assertTrue(largePart.isOnDisk());
        assertTrue(largePart.file().startsWith(temp.resolve("uploads")), "temp files go to the configured location");
        assertArrayEquals(small, read(smallPart));
        assertArrayEquals(large, read(largePart));
        assertEquals(1, uploadFiles());
        form.close();
        assertEquals(0, uploadFiles(), "close() deletes every temp file");
        form.close();
    }

    @Test
    void thresholdZeroPutsFilesOnDiskButKeepsSmallFieldsInMemory() throws IOException {
        byte[] data = body().field("name", "value").file("f", "f.txt", "text/plain", "x".getBytes(UTF_8))
                .close().bytes();
        try (MultipartForm form = parser(-1, -1, 0).parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertFalse(((MultipartPart) form.part("name")).isOnDisk());
            assertTrue(((MultipartPart) form.part("f")).isOnDisk());
        }
    }

    @Test
    void hugeFormFieldSpillsToDiskAndStillBecomesAParameter() throws IOException {
        String value = "v".repeat(MultipartParser.FIELD_IN_MEMORY + 1);
        byte[] data = body().field("big", value).close().bytes();
        try (MultipartForm form = parser(-1, -1, 0).parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertTrue(((MultipartPart) form.part("big")).isOnDisk());
            assertEquals(value, form.formFields().get("big").get(0));
        }
    }

    @Test
    void formFieldOnDiskDecodesMalformedBytesLikeOneInMemory() throws IOException {
        byte[] value = "v".repeat(MultipartParser.FIELD_IN_MEMORY + 1).getBytes(UTF_8);
        value[0] = (byte) 0xff;   // not UTF-8
        byte[] data = body().raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"big\"\r\n\r\n")
                .raw(value).raw("\r\n").close().bytes();
        try (MultipartForm form = parser(-1, -1, 0).parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertTrue(((MultipartPart) form.part("big")).isOnDisk());
            assertEquals(new String(value, UTF_8), form.formFields().get("big").get(0));
        }
    }

    @Test
    void byteAtATimeInputGivesTheSameParts() throws IOException {
        byte[] large = bytes(40_000, 4);
        byte[] data = body().raw("preamble\r\n").field("a", "alpha").file("f", "f.bin", "application/octet-stream", large)
                .field("b", "beta").close().bytes();
        InputStream oneByte = new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        try (MultipartForm form = parser().parse(CONTENT_TYPE, oneByte)) {
            assertEquals(Map.of("a", List.of("alpha"), "b", List.of("beta")), form.formFields());
            assertArrayEquals(large, read(form.part("f")));
        }
    }

    @Test
    void contentThatAlmostContainsTheDelimiterIsKeptIntact() throws IOException {
        // Every prefix of the delimiter, and the boundary without its leading CRLF, is content, not a delimiter.
        ByteArrayOutputStream tricky = new ByteArrayOutputStream();
        String delimiter = "\r\n--" + BOUNDARY;
        for (int i = 1; i < delimiter.length(); i++) {
            tricky.writeBytes(delimiter.substring(0, i).getBytes(UTF_8));
            tricky.write('X');
        }
        tricky.writeBytes(("--" + BOUNDARY + "\n--" + BOUNDARY + "\r--" + BOUNDARY).getBytes(UTF_8));
        tricky.writeBytes("\r\r\n\r\n-".getBytes(UTF_8));
        byte[] content = tricky.toByteArray();
        byte[] data = body().file("f", "t.bin", "application/octet-stream", content).close().bytes();
        for (int chunk : new int[] {1, 3, 7, 64, 100_000}) {
            try (MultipartForm form = parser().parse(CONTENT_TYPE, trickle(data, chunk))) {
                assertArrayEquals(content, read(form.part("f")), "chunk size " + chunk);
            }
        }
    }

    @Test
    void everyByteValueSurvives() throws IOException {
        byte[] all = new byte[256 * 64];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] data = body().file("f", "all.bin", "application/octet-stream", all).close().bytes();
        try (MultipartForm form = parser().parse(CONTENT_TYPE, trickle(data, 5000))) {
            assertArrayEquals(all, read(form.part("f")));
        }
    }

    @Test
    void fileExceedingMaxFileSizeIsIllegalStateAndLeavesNoTempFile() throws IOException {
        byte[] data = body().field("a", "1").file("f", "big.bin", "application/octet-stream", bytes(5000, 5))
                .close().bytes();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parser(4999, -1, 100).parse(CONTENT_TYPE, new ByteArrayInputStream(data)));
        assertTrue(e.getMessage().contains("maxFileSize"), e.getMessage());
        assertEquals(0, uploadFiles());
    }

    @Test
    void fileOfExactlyMaxFileSizeIsAccepted() throws IOException {
        byte[] content = bytes(5000, 6);
        byte[] data = body().file("f", "ok.bin", "application/octet-stream", content).close().bytes();
        try (MultipartForm form = parser(5000, -1, 100).parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals(5000, form.part("f").getSize());
        }
    }

    @Test
    void requestExceedingMaxRequestSizeIsIllegalState() throws IOException {
        byte[] data = body().file("f", "a.bin", "application/octet-stream", bytes(3000, 7))
                .file("g", "b.bin", "application/octet-stream", bytes(3000, 8)).close().bytes();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parser(-1, 5000, 0).parse(CONTENT_TYPE, trickle(data, 700)));
        assertTrue(e.getMessage().contains("maxRequestSize"), e.getMessage());
        assertEquals(0, uploadFiles(), "the part written before the limit was hit is deleted");
    }

    @Test
    void declaredLengthOverMaxRequestSizeFailsBeforeReading() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };
        assertThrows(IllegalStateException.class, () -> parser(-1, 100, 0).parse(CONTENT_TYPE, 101, untouchable));
    }

    @Test
    void requestOfExactlyMaxRequestSizeIsAccepted() throws IOException {
        byte[] data = body().field("a", "1").close().bytes();
        try (MultipartForm form = parser(-1, data.length, 0).parse(CONTENT_TYPE, data.length,
                new ByteArrayInputStream(data))) {
            assertEquals(1, form.parts().size());
        }
    }

    private void assertMalformed(String contentType, byte[] data) {
        assertThrows(MultipartException.class, () -> parser(-1, -1, 0).parse(contentType, trickle(data, 50)));
    }

    @Test
    void missingBoundaryParameterIsMalformed() {
        byte[] data = body().field("a", "1").close().bytes();
        assertMalformed("multipart/form-data", data);
        assertMalformed("multipart/form-data; boundary=", data);
        assertMalformed("multipart/form-data; boundary=\"\"", data);
        assertMalformed("multipart/form-data; boundary=" + "b".repeat(71), data);
    }

    @Test
    void otherContentTypesAreRefused() {
        byte[] data = body().field("a", "1").close().bytes();
        assertMalformed("application/x-www-form-urlencoded", data);
        assertMalformed("multipart/mixed; boundary=" + BOUNDARY, data);
        assertMalformed(null, data);
        assertTrue(MultipartParser.isMultipartFormData("multipart/form-data; boundary=x"));
        assertFalse(MultipartParser.isMultipartFormData("text/plain"));
    }

    @Test
    void bodyWithoutAnyDelimiterIsMalformed() {
        assertMalformed(CONTENT_TYPE, "name=value".getBytes(UTF_8));
        assertMalformed(CONTENT_TYPE, new byte[0]);
    }

    @Test
    void truncatedBodyWithoutClosingDelimiterIsMalformedAndLeavesNoTempFile() throws IOException {
        byte[] data = body().field("a", "1").file("f", "f.bin", "application/octet-stream", bytes(4000, 9)).bytes();
        assertMalformed(CONTENT_TYPE, data);
        byte[] cutInHeaders = "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-da"
                .getBytes(UTF_8);
        assertMalformed(CONTENT_TYPE, cutInHeaders);
        byte[] endsAtDelimiter = ("------WebKitFormBoundary7MA4YWxkTrZu0gW").getBytes(UTF_8);
        assertMalformed(CONTENT_TYPE, endsAtDelimiter);
        assertEquals(0, uploadFiles());
    }

    @Test
    void garbageAfterTheBoundaryIsMalformed() {
        assertMalformed(CONTENT_TYPE, ("--" + BOUNDARY + "junk\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + BOUNDARY + "--").getBytes(UTF_8));
    }

    @Test
    void transportPaddingAfterTheBoundaryIsAllowed() throws IOException {
        byte[] data = ("--" + BOUNDARY + " \t \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--"
                + BOUNDARY + "--").getBytes(UTF_8);
        try (MultipartForm form = parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals(Map.of("a", List.of("1")), form.formFields());
        }
    }

    @Test
    void headerSectionOver16KiBIsMalformed() {
        String longHeader = "X-Filler: " + "f".repeat(MultipartParser.MAX_HEADER_SECTION) + "\r\n";
        byte[] data = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n" + longHeader
                + "\r\n1\r\n--" + BOUNDARY + "--").getBytes(UTF_8);
        MultipartException e = assertThrows(MultipartException.class,
                () -> parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data)));
        assertTrue(e.getMessage().contains("header section"), e.getMessage());
        StringBuilder many = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n");
        for (int i = 0; i < 2000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertMalformed(CONTENT_TYPE, many.append("\r\n1\r\n--").append(BOUNDARY).append("--").toString()
                .getBytes(UTF_8));
    }

    @Test
    void tooManyPartsIsMalformed() {
        Body body = body();
        for (int i = 0; i <= MultipartParser.MAX_PARTS; i++) {
            body.field("f", "");
        }
        byte[] data = body.close().bytes();
        MultipartException e = assertThrows(MultipartException.class,
                () -> parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data)));
        assertTrue(e.getMessage().contains("parts"), e.getMessage());
    }

    @Test
    void partWithoutFormDataDispositionOrNameIsMalformed() {
        assertMalformed(CONTENT_TYPE, ("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\n1\r\n--" + BOUNDARY
                + "--").getBytes(UTF_8));
        assertMalformed(CONTENT_TYPE, ("--" + BOUNDARY + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--"
                + BOUNDARY + "--").getBytes(UTF_8));
        assertMalformed(CONTENT_TYPE, ("--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\n1\r\n--"
                + BOUNDARY + "--").getBytes(UTF_8));
        assertMalformed(CONTENT_TYPE, ("--" + BOUNDARY + "\r\nContent-Disposition form-data\r\n\r\n1\r\n--"
                + BOUNDARY + "--").getBytes(UTF_8));
    }

    @Test
    void foldedHeaderLinesAreJoined() throws IOException {
        byte[] data = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data;\r\n name=\"folded\"\r\n\r\nv\r\n--"
                + BOUNDARY + "--").getBytes(UTF_8);
        try (MultipartForm form = parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals(Map.of("folded", List.of("v")), form.formFields());
        }
    }

    @Test
    void fileNamesComeFromFilenameOrFilenameStar() throws IOException {
        byte[] data = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"; filename=\"C:\\dir\\a.txt\""
                + "\r\n\r\nA\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"b\"; filename=\"euro.txt\"; "
                + "filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\nB\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"c\"; filename=\"résumé \\\"final\\\".pdf\"\r\n\r\nC\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"d\"; filename=\"plain.txt\"; "
                + "filename*=bogus-charset''x\r\n\r\nD\r\n--" + BOUNDARY + "--").getBytes(UTF_8);
        try (MultipartForm form = parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals("C:\\dir\\a.txt", form.part("a").getSubmittedFileName(), "backslashes are not escapes");
            assertEquals("€ rates.txt", form.part("b").getSubmittedFileName());
            assertEquals("résumé \"final\".pdf", form.part("c").getSubmittedFileName());
            assertEquals("plain.txt", form.part("d").getSubmittedFileName(), "unusable filename* falls back");
        }
    }

    @Test
    void fieldValuesUseTheFormCharsetUnlessThePartNamesOne() throws IOException {
        byte[] latin = "café".getBytes(ISO_8859_1);
        byte[] data = body().field("utf", "naïve ☃").raw("--" + BOUNDARY + "\r\n")
                .raw("Content-Disposition: form-data; name=\"latin\"\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n")
                .raw(latin).raw("\r\n").close().bytes();
        try (MultipartForm form = parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals("naïve ☃", form.formFields().get("utf").get(0));
            assertEquals("café", form.formFields().get("latin").get(0));
        }
        try (MultipartForm form = new MultipartParser(new MultipartConfigElement(""), temp, ISO_8859_1)
                .parse(CONTENT_TYPE, new ByteArrayInputStream(body().field("x", "é").close().bytes()))) {
            assertEquals("Ã©", form.formFields().get("x").get(0), "UTF-8 bytes read as the given ISO-8859-1");
        }
    }

    @Test
    void writeResolvesRelativeNamesAgainstTheLocationAndMovesTempFiles() throws IOException {
        byte[] small = bytes(10, 10);
        byte[] large = bytes(20_000, 11);
        byte[] data = body().file("s", "s.bin", "application/octet-stream", small)
                .file("l", "l.bin", "application/octet-stream", large).close().bytes();
        Path elsewhere = temp.resolve("kept.bin");
        MultipartForm form = parser(-1, -1, 1024).parse(CONTENT_TYPE, new ByteArrayInputStream(data));
        form.part("s").write("saved-small.bin");
        form.part("l").write(elsewhere.toString());
        form.close();
        assertArrayEquals(small, Files.readAllBytes(temp.resolve("uploads/saved-small.bin")));
        assertArrayEquals(large, Files.readAllBytes(elsewhere), "a written file survives the request's cleanup");
        try (Stream<Path> files = Files.list(temp.resolve("uploads"))) {
            assertEquals(List.of("saved-small.bin"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void deleteRemovesTheTempFile() throws IOException {
        byte[] data = body().file("l", "l.bin", "application/octet-stream", bytes(5000, 12)).close().bytes();
        try (MultipartForm form = parser(-1, -1, 0).parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            Path file = ((MultipartPart) form.part("l")).file();
            assertTrue(Files.exists(file));
            form.part("l").delete();
            assertFalse(Files.exists(file));
            assertThrows(IOException.class, () -> form.part("l").getInputStream());
        }
    }

    @Test
    void relativeLocationResolvesAgainstTheTempDirAndEmptyLocationIsTheTempDir() throws IOException {
        byte[] data = body().file("f", "f.bin", "application/octet-stream", bytes(100, 13)).close().bytes();
        try (MultipartForm form = new MultipartParser(new MultipartConfigElement("rel/dir", -1, -1, 0), temp, UTF_8)
                .parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals(temp.resolve("rel/dir"), ((MultipartPart) form.part("f")).file().getParent());
        }
        try (MultipartForm form = new MultipartParser(new MultipartConfigElement(""), temp, UTF_8)
                .parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            assertEquals(temp, ((MultipartPart) form.part("f")).file().getParent());
        }
    }

    @Test
    void headersAreCaseInsensitiveAndRepeatable() throws IOException {
        byte[] data = ("--" + BOUNDARY + "\r\ncontent-disposition: form-data; name=\"a\"\r\nX-Tag: one\r\nx-tag: two"
                + "\r\n\r\n1\r\n--" + BOUNDARY + "--").getBytes(UTF_8);
        try (MultipartForm form = parser().parse(CONTENT_TYPE, new ByteArrayInputStream(data))) {
            Part a = form.part("a");
            assertEquals("one", a.getHeader("X-TAG"));
            assertEquals(List.of("one", "two"), List.copyOf(a.getHeaders("x-tag")));
            assertEquals(List.of("content-disposition", "X-Tag"), List.copyOf(a.getHeaderNames()));
        }
    }
}
