package dev.portico.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * SIGTERM and SIGINT end the process with status 0 after a graceful stop. The JVM's own handling would run the
 * shutdown hook too, but exit with 128+signal (143, 130); a service manager would then report a clean stop as a
 * failure. {@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection so the build stays free of
 * internal-API warnings; where it is missing, the JVM's default applies and the hook still stops the server.
 */
final class Signals {
    private Signals() {
    }

    static void exitCleanlyOn(String... names) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            // Runs on the JVM's signal thread; System.exit runs the shutdown hook, which does the graceful stop.
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    System.exit(0);
                    yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "portico-exit-on-signal";
            };
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType},
                    onSignal);
            for (String name : names) {
                Object signal = signalType.getConstructor(String.class).newInstance(name);
                signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // -Xrs, or a JDK without sun.misc.Signal: the default handling (exit 128+n after the hook) remains.
        }
    }
}
