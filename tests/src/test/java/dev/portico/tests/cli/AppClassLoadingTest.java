package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an app sees of the container through its class loader (README, "Class loading"): the JDK,
 * {@code jakarta.servlet.*} and, for an app without its own, the SLF4J API — no {@code dev.portico.*}, no
 * {@code org.slf4j.simple}, none of the container jar's resources or service files.
 */
class AppClassLoadingTest {
    private static final String SLF4J_SERVICES = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

    private static Path logbackWar;
    private static Path probeJar;

    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    /** A war like a Spring Boot one: its own slf4j-api 2.x, Logback and logback.xml in WEB-INF. */
    private static synchronized Path logbackWar() throws IOException {
        if (logbackWar == null) {
            FixtureApps fixtures = FixtureApps.get();
            Path slf4j = appLibrary("slf4j-api.jar");
            Path classes = fixtures.compile("logback-app", Map.of("lb/Logging.java", """
                    package lb;
                    @jakarta.servlet.annotation.WebServlet("/log")
                    public class Logging extends jakarta.servlet.http.HttpServlet {
                        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Logging.class);
                        @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                            log.info("hello from the app");
                            resp.getWriter().print(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());
                        }
                    }
                    """), slf4j);
            String logbackXml = """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>APP-LOGBACK %logger{0} %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """;
            logbackWar = fixtures.zip("logback-app.war", Map.of("WEB-INF/classes/lb", classes.resolve("lb"),
                    "WEB-INF/classes/logback.xml", logbackXml,
                    "WEB-INF/lib/slf4j-api.jar", slf4j,
                    "WEB-INF/lib/logback-classic.jar", appLibrary("logback-classic.jar"),
                    "WEB-INF/lib/logback-core.jar", appLibrary("logback-core.jar")));
        }
        return logbackWar;
    }

    /** A jar that bundles nothing: it reports what of the container its class loader shows it. */
    private static synchronized Path probeJar() throws IOException {
        if (probeJar == null) {
            FixtureApps fixtures = FixtureApps.get();
            Path classes = fixtures.compile("probe-app", Map.of("probe/Probe.java", """
                    package probe;
                    @jakarta.servlet.annotation.WebServlet("/probe")
                    public class Probe extends jakarta.servlet.http.HttpServlet {
                        private boolean visible(String name) {
                            try {
                                Class.forName(name, false, getClass().getClassLoader());
                                return true;
                            } catch (ClassNotFoundException e) {
                                return false;
                            }
                        }
                        @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                            ClassLoader loader = getClass().getClassLoader();
                            resp.getWriter().print("portico=" + visible("dev.portico.Portico")
                                    + " simple=" + visible("org.slf4j.simple.SimpleServiceProvider")
                                    + " servlet=" + visible("jakarta.servlet.http.HttpServlet")
                                    + " services=" + java.util.Collections.list(loader.getResources("%s")).size()
                                    + " service=" + loader.getResource("%s")
                                    + " containerResource=" + loader.getResource("portico.properties"));
                        }
                    }
                    """.formatted(SLF4J_SERVICES, SLF4J_SERVICES),
                    "probe/Logs.java", """
                    package probe;
                    @jakarta.servlet.annotation.WebServlet("/logs")
                    public class Logs extends jakarta.servlet.http.HttpServlet {
                        @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                            org.slf4j.LoggerFactory.getLogger(Logs.class).warn("the probe logs through the container");
                            resp.getWriter().print("logged");
                        }
                    }
                    """), appLibrary("slf4j-api.jar"));
            probeJar = fixtures.zip("probe.jar", Map.of("probe", classes.resolve("probe")));
        }
        return probeJar;
    }

    private static Path appLibrary(String name) {
        Path jar = Path.of(System.getProperty("portico.appLibs", "target/app-libs"), name);
        assertTrue(Files.isRegularFile(jar), "run through Maven (dependency:copy puts it there): no " + jar);
        return jar;
    }

    private URI start(Path app) throws Exception {
        portico = PorticoProcess.start("--port", "0", app.toString());
        return portico.awaitStarted();
    }

    @Test
    void anAppWithItsOwnSlf4jAndLogbackUsesThemWithoutAnSlf4jError() throws Exception {
        URI base = start(logbackWar());
        assertEquals("ch.qos.logback.classic.LoggerContext", Http.body(base, "/log"));
        portico.awaitOut(line -> line.equals("APP-LOGBACK Logging hello from the app"), Duration.ofSeconds(10));
        List<String> slf4jComplaints = portico.err().stream().filter(line -> line.startsWith("SLF4J")).toList();
        assertEquals(List.of(), slf4jComplaints, portico.transcript());
    }

    @Test
    void anAppSeesNoneOfTheContainersClassesResourcesOrServiceFiles() throws Exception {
        URI base = start(probeJar());
        assertEquals("portico=false simple=false servlet=true services=0 service=null containerResource=null",
                Http.body(base, "/probe"));
    }

    /** The one thing shared beyond the servlet API, as Jetty does: the SLF4J API, for an app that has none. */
    @Test
    void anAppWithoutSlf4jLogsThroughTheContainersBinding() throws Exception {
        URI base = start(probeJar());
        assertEquals("logged", Http.body(base, "/logs"));
        awaitErr("probe.Logs - the probe logs through the container");
    }

    private void awaitErr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (portico.err().stream().noneMatch(line -> line.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no stderr line with \"" + text + "\"\n" + portico.transcript());
            }
            Thread.sleep(20);
        }
    }
}
