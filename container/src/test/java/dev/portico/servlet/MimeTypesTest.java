package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimeTypesTest {

    @ParameterizedTest
    @CsvSource({
            "index.html, text/html",
            "page.htm, text/html",
            "site.css, text/css",
            "app.js, text/javascript",
            "module.mjs, text/javascript",
            "data.json, application/json",
            "feed.xml, application/xml",
            "notes.txt, text/plain",
            "table.csv, text/csv",
            "README.md, text/markdown",
            "logo.svg, image/svg+xml",
            "a.png, image/png",
            "a.jpg, image/jpeg",
            "a.jpeg, image/jpeg",
            "a.gif, image/gif",
            "a.webp, image/webp",
            "favicon.ico, image/x-icon",
            "a.avif, image/avif",
            "doc.pdf, application/pdf",
            "a.zip, application/zip",
            "a.tar.gz, application/gzip",
            "a.tar, application/x-tar",
            "m.wasm, application/wasm",
            "f.woff, font/woff",
            "f.woff2, font/woff2",
            "f.ttf, font/ttf",
            "f.otf, font/otf",
            "s.mp3, audio/mpeg",
            "v.mp4, video/mp4",
            "v.webm, video/webm",
            "s.ogg, audio/ogg",
            "s.wav, audio/wav",
            "app.js.map, application/json",
            "lib.jar, application/java-archive",
            "app.war, application/java-archive",
            "A.class, application/java-vm",
    })
    void knowsCommonExtensions(String name, String expected) {
        assertEquals(expected, MimeTypes.forFileName(name));
    }

    @Test
    void extensionIsCaseInsensitive() {
        assertEquals("text/html", MimeTypes.forFileName("INDEX.HTML"));
        assertEquals("image/png", MimeTypes.forFileName("Photo.PnG"));
        assertEquals("image/jpeg", MimeTypes.forExtension("JPG"));
    }

    @Test
    void worksOnPaths() {
        assertEquals("text/css", MimeTypes.forFileName("/static/css/site.css"));
        assertNull(MimeTypes.forFileName("/static.d/README"), "a dot in a directory name is not an extension");
    }

    @Test
    void unknownOrMissingExtensionIsNull() {
        assertNull(MimeTypes.forFileName("Makefile"));
        assertNull(MimeTypes.forFileName("file."));
        assertNull(MimeTypes.forFileName("archive.unknownext"));
        assertNull(MimeTypes.forFileName(null));
        assertNull(MimeTypes.forExtension(null));
    }

    @Test
    void textTypesCarryNoCharset() {
        assertEquals("text/plain", MimeTypes.forFileName("a.txt"));
        assertFalse(MimeTypes.forFileName("a.css").contains("charset"));
    }

    @Test
    void textTypesAreRecognised() {
        assertTrue(MimeTypes.isText("text/html"));
        assertTrue(MimeTypes.isText("application/json"));
        assertTrue(MimeTypes.isText("image/svg+xml"));
        assertTrue(MimeTypes.isText("application/ld+json"));
        assertFalse(MimeTypes.isText("image/png"));
        assertFalse(MimeTypes.isText("application/octet-stream"));
        assertFalse(MimeTypes.isText("text/html;charset=ISO-8859-1"), "a type with parameters is left alone");
        assertFalse(MimeTypes.isText(null));
    }
}
