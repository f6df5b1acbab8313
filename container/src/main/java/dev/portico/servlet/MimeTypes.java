package dev.portico.servlet;

import java.util.Locale;
import java.util.Map;

/**
 * The container's built-in extension → media type table, used by {@code ServletContext.getMimeType} (after the app's
 * own {@code <mime-mapping>}s) and by {@link DefaultServlet}.
 *
 * <p>Text types carry no charset here: the charset belongs to the response, not the file type, so the caller decides
 * (the default servlet appends {@code ;charset=UTF-8}, see {@link #isText}).
 */
public final class MimeTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            // text
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"),   // RFC 9239 makes text/javascript the one registered type
            Map.entry("mjs", "text/javascript"),
            Map.entry("txt", "text/plain"),
            Map.entry("text", "text/plain"),
            Map.entry("log", "text/plain"),
            Map.entry("csv", "text/csv"),
            Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("md", "text/markdown"),
            Map.entry("ics", "text/calendar"),
            Map.entry("vtt", "text/vtt"),
            Map.entry("java", "text/x-java-source"),
            // structured data
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),  // source maps are JSON documents
            Map.entry("jsonld", "application/ld+json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("xml", "application/xml"),
            Map.entry("xsl", "application/xml"),
            Map.entry("xsd", "application/xml"),
            Map.entry("xhtml", "application/xhtml+xml"),
            Map.entry("rss", "application/rss+xml"),
            Map.entry("atom", "application/atom+xml"),
            Map.entry("yaml", "application/yaml"),
            Map.entry("yml", "application/yaml"),
            Map.entry("wasm", "application/wasm"),
            // images
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("apng", "image/apng"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("jpe", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"),
            // fonts
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            // audio and video
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"),
            Map.entry("opus", "audio/opus"),
            Map.entry("flac", "audio/flac"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4v", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("ogv", "video/ogg"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("avi", "video/x-msvideo"),
            // documents and archives
            Map.entry("pdf", "application/pdf"),
            Map.entry("rtf", "application/rtf"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tgz", "application/gzip"),
            Map.entry("bz2", "application/x-bzip2"),
            Map.entry("xz", "application/x-xz"),
            Map.entry("7z", "application/x-7z-compressed"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("jar", "application/java-archive"),
            Map.entry("war", "application/java-archive"),
            Map.entry("ear", "application/java-archive"),
            Map.entry("class", "application/java-vm"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("epub", "application/epub+zip"),
            Map.entry("bin", "application/octet-stream"),
            Map.entry("exe", "application/octet-stream"),
            Map.entry("iso", "application/octet-stream"));

    private MimeTypes() {
    }

    /**
     * The media type for a file name or path by its last extension ({@code "a/b.tar.gz"} → gzip), case-insensitively,
     * or null when the name has no extension or it is not in the table.
     */
    public static String forFileName(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (dot < 0 || dot < slash || dot == name.length() - 1) {
            return null;
        }
        return forExtension(name.substring(dot + 1));
    }

    /** The media type for a bare extension (no dot), case-insensitively, or null. */
    public static String forExtension(String extension) {
        return extension == null ? null : BY_EXTENSION.get(extension.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a response of this type is character data and so should say its charset: {@code text/*} and the
     * textual application types (JSON, XML, JavaScript). A type that already has parameters is left to its owner.
     */
    public static boolean isText(String mimeType) {
        if (mimeType == null || mimeType.indexOf(';') >= 0) {
            return false;
        }
        String type = mimeType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/javascript")
                || type.equals("application/xml")
                || type.equals("application/yaml")
                || type.equals("image/svg+xml")
                || type.endsWith("+json")
                || type.endsWith("+xml");
    }
}
