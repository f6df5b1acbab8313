package dev.portico.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One {@code [/context=]LOCATION[:CLASS]} argument, split. A location may itself contain ':' or '=' (it is a
 * path), so the class is split off only at the last ':' when what follows reads as a Java class name, and a
 * context only at the first '=' when what precedes reads as a context path and the whole argument is not an
 * existing file.
 *
 * @param contextPath "" for the root context, else "/name"; null when the argument names none (the app's
 *                    {@code <default-context-path>} then, else the root)
 * @param location    the path as given
 * @param className   null when the app is to be discovered
 */
record AppArgument(String contextPath, Path location, String className) {
    private static final Pattern CLASS_NAME =
            Pattern.compile("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)*"
                    + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");
    /** What a servlet context path may hold: no ".", "..", empty segments, query or fragment. */
    private static final Pattern CONTEXT_PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;@%-]+)*/?");

    static AppArgument parse(String argument) throws UsageException {
        if (argument.isEmpty()) {
            throw new UsageException("an empty APP argument");
        }
        String context = null;
        String rest = argument;
        int equals = argument.indexOf('=');
        if (argument.startsWith("/") && equals > 0 && !Files.exists(Path.of(stripClass(argument)))) {
            context = argument.substring(0, equals);
            rest = argument.substring(equals + 1);
            if (!CONTEXT_PATH.matcher(context).matches() || context.contains("/./") || context.contains("/../")
                    || context.endsWith("/.") || context.endsWith("/..")) {
                throw new UsageException("bad context path '" + context + "' in " + argument
                        + " (expected /name, e.g. /shop=shop.war)");
            }
            if (context.endsWith("/")) {
                context = context.substring(0, context.length() - 1);
            }
        }
        String location = stripClass(rest);
        String className = location.length() < rest.length() ? rest.substring(location.length() + 1) : null;
        if (location.isEmpty()) {
            throw new UsageException("no location in " + argument + " (expected [/context=]LOCATION[:CLASS])");
        }
        return new AppArgument(context, Path.of(location), className);
    }

    /** The argument without a trailing ":ClassName", if it has one. */
    private static String stripClass(String argument) {
        int colon = argument.lastIndexOf(':');
        if (colon >= 0 && CLASS_NAME.matcher(argument.substring(colon + 1)).matches()
                && !Files.exists(Path.of(argument))) {
            return argument.substring(0, colon);
        }
        return argument;
    }

    /** The context as people write it: "/" for the root. */
    String displayContext() {
        return contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
    }
}
