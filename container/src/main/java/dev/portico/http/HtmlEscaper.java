package dev.portico.http;

/**
 * Text made safe to put in HTML, as content or as a quoted attribute value: the five characters that could end
 * either are written as references. Used by the pages the container writes itself (error pages, directory
 * listings), where a message or file name is never markup.
 */
public final class HtmlEscaper {
    private HtmlEscaper() {
    }

    public static String escape(String s) {
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
