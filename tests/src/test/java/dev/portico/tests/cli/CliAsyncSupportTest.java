package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The async support of a servlet named as {@code LOCATION:CLASS} (README, "Async support"): on by default, off with
 * {@code --no-async}, and the servlet's own {@code @WebServlet} wins over both.
 */
class CliAsyncSupportTest {
    /** Answers "async=B" and, when it may, " answered later" from an AsyncContext.start task. */
    private static final String PROBE_BODY = """
                @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                        jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                    resp.setContentType("text/plain;charset=UTF-8");
                    resp.getWriter().print("async=" + req.isAsyncSupported());
                    if (req.isAsyncSupported()) {
                        jakarta.servlet.AsyncContext async = req.startAsync();
                        async.start(() -> {
                            try {
                                async.getResponse().getWriter().print(" answered later");
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            async.complete();
                        });
                    }
                }
            }
            """;
    private static Path jar;

    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    private static synchronized Path jar() throws IOException {
        if (jar == null) {
            FixtureApps fixtures = FixtureApps.get();
            Path classes = fixtures.compile("async-app", Map.of(
                    "asy/Plain.java", "package asy;\npublic class Plain extends jakarta.servlet.http.HttpServlet {\n"
                            + PROBE_BODY,
                    "asy/DeclaredSync.java", "package asy;\n@jakarta.servlet.annotation.WebServlet(\"/sync\")\n"
                            + "public class DeclaredSync extends jakarta.servlet.http.HttpServlet {\n" + PROBE_BODY,
                    "asy/DeclaredAsync.java", "package asy;\n"
                            + "@jakarta.servlet.annotation.WebServlet(urlPatterns = \"/async\", asyncSupported = true)\n"
                            + "public class DeclaredAsync extends jakarta.servlet.http.HttpServlet {\n" + PROBE_BODY));
            jar = fixtures.zip("async.jar", Map.of("asy", classes.resolve("asy")));
        }
        return jar;
    }

    private URI start(String className, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(List.of(options));
        args.add(jar() + ":" + className);
        portico = PorticoProcess.start(args.toArray(String[]::new));
        return portico.awaitStarted();
    }

    @Test
    void aServletNamedByClassIsAsyncCapableByDefault() throws Exception {
        assertEquals("async=true answered later", Http.body(start("asy.Plain"), "/"));
    }

    @Test
    void noAsyncRegistersTheNamedServletWithoutAsyncSupport() throws Exception {
        assertEquals("async=false", Http.body(start("asy.Plain", "--no-async"), "/"));
    }

    @Test
    void theServletsOwnWebServletAnnotationDecidesOverTheDefault() throws Exception {
        assertEquals("async=false", Http.body(start("asy.DeclaredSync"), "/"));
    }

    @Test
    void theServletsOwnWebServletAnnotationDecidesOverNoAsync() throws Exception {
        assertEquals("async=true answered later", Http.body(start("asy.DeclaredAsync", "--no-async"), "/"));
    }
}
