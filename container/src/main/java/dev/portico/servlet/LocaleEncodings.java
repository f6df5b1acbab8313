package dev.portico.servlet;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which charset {@code ServletResponse.setLocale} picks for a locale (Servlet 6.1 §5.6): the app's
 * {@code <locale-encoding-mapping-list>} first, then the container's own table. A mapping for language and country
 * ("zh_CN") wins over one for the language alone ("zh").
 *
 * <p>The container's table has one entry, {@code ja → Shift_JIS}, the mapping Tomcat ships and the TCK expects of a
 * container with no descriptor mapping. It leaves out Tomcat's {@code en}/{@code fr → ISO-8859-1}: those only
 * repeat the spec's default, and as explicit choices they would override a {@code <response-character-encoding>}.
 */
final class LocaleEncodings {
    private static final Map<String, String> CONTAINER_DEFAULTS = Map.of("ja", "Shift_JIS");

    private final Map<String, String> byLocale = new HashMap<>();

    LocaleEncodings(Map<String, String> appMappings) {
        CONTAINER_DEFAULTS.forEach((locale, charset) -> byLocale.put(key(locale), charset));
        appMappings.forEach((locale, charset) -> byLocale.put(key(locale), charset));
    }

    /** The charset for {@code locale}, or null when neither the app nor the container maps it. */
    String charsetFor(Locale locale) {
        if (!locale.getCountry().isEmpty()) {
            String full = byLocale.get(key(locale.getLanguage() + "_" + locale.getCountry()));
            if (full != null) {
                return full;
            }
        }
        return byLocale.get(key(locale.getLanguage()));
    }

    /** web.xml writes "zh_CN" or "zh-CN"; Locale.toString writes "zh_CN": compare them as one. */
    private static String key(String locale) {
        return locale.trim().replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
