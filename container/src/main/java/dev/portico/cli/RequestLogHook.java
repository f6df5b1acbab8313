package dev.portico.cli;

import dev.portico.Portico;
import dev.portico.server.RequestLog;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Hands the access log to the server through {@code Portico.Builder#requestLog(RequestLog)} (which passes it on to
 * {@code HttpServer#requestLog}). Looked up rather than called so the launcher builds against a Portico without
 * it; in that case --access-log is refused instead of silently logging nothing.
 */
final class RequestLogHook {
    private RequestLogHook() {
    }

    static void install(Portico.Builder builder, RequestLog log) throws UsageException {
        Method method;
        try {
            method = Portico.Builder.class.getMethod("requestLog", RequestLog.class);
        } catch (NoSuchMethodException e) {
            throw new UsageException("--access-log is not supported by this build of Portico"
                    + " (Portico.Builder has no requestLog hook)");
        }
        try {
            method.invoke(builder, log);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
