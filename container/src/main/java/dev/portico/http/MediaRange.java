package dev.portico.http;

import java.util.Locale;

/**
 * A pattern of media types, as in RFC 9110 §12.5.1 ({@code text/html}, {@code text/*}), plus {@code type/*+suffix}
 * for the structured syntax suffixes of RFC 6838 §4.2.8 ({@code application/*+json} is every JSON-based type).
 * Matching is case-insensitive and ignores a content type's parameters.
 */
public record MediaRange(String type, String subtype) {

    /** @throws IllegalArgumentException if the text is no {@code type/subtype}, {@code type/*} or {@code type/*+suffix} */
    public static MediaRange parse(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        if (slash > 0 && slash < lower.length() - 1) {
            String type = lower.substring(0, slash);
            String subtype = lower.substring(slash + 1);
            String rest = subtype.equals("*") ? "x" : subtype.startsWith("*+") ? subtype.substring(2) : subtype;
            if (!type.contains("*") && CharClass.isToken(type) && !rest.contains("*") && CharClass.isToken(rest)) {
                return new MediaRange(type, subtype);
            }
        }
        throw new IllegalArgumentException("not a media type, type/* or type/*+suffix: '" + text + "'");
    }

    /** Whether a Content-Type value (null: none) is in this range. */
    public boolean matches(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        int slash = mediaType.indexOf('/');
        if (slash != type.length() || !mediaType.regionMatches(true, 0, type, 0, slash)) {
            return false;
        }
        String actual = mediaType.substring(slash + 1).toLowerCase(Locale.ROOT);
        if (subtype.equals("*")) {
            return !actual.isEmpty();
        }
        if (subtype.startsWith("*+")) {
            String suffix = subtype.substring(1);
            return actual.length() > suffix.length() && actual.endsWith(suffix);
        }
        return actual.equals(subtype);
    }

    @Override
    public String toString() {
        return type + "/" + subtype;
    }
}
