package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.deploy.AppSource;
import dev.portico.http.MediaRange;
import dev.portico.server.Compression;
import dev.portico.server.ServerOptions;
import dev.portico.server.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> CommandLine.parse(args)).getMessage();
    }

    @Test
    void defaultsMatchServerOptions() throws Exception {
        Settings settings = CommandLine.parse("hello.jar:example.Hello");
        assertEquals(ServerOptions.defaults(), settings.server());
        assertNull(settings.accessLog());
        assertFalse(settings.reload());
        assertFalse(settings.trace());
        assertEquals(List.of(AppSource.of(null, Path.of("hello.jar"), "example.Hello")), settings.apps());
    }

    @Test
    void serverOptionsAreRead() throws Exception {
        Settings settings = CommandLine.parse("--port", "0", "--host=0.0.0.0", "--threads", "1",
                "--max-connections", "50", "--idle-timeout", "500ms", "--max-body", "10k", "--reload", "--trace",
                "app.jar:a.B");
        ServerOptions server = settings.server();
        assertEquals(0, server.port());
        assertEquals("0.0.0.0", server.host());
        assertEquals(1, server.threads());
        assertEquals(50, server.maxConnections());
        assertEquals(Duration.ofMillis(500), server.idleTimeout());
        assertEquals(10 * 1024, server.limits().maxBody());
        assertTrue(settings.reload());
        assertTrue(settings.trace());
    }

    @Test
    void formLimitsAreReadAndDefaultToTomcats() throws Exception {
        assertEquals(2 * 1024 * 1024, CommandLine.parse("app.jar:a.B").server().limits().maxFormSize());
        assertEquals(1000, CommandLine.parse("app.jar:a.B").server().limits().maxParameters());
        ServerOptions server = CommandLine.parse("--max-form-size", "512k", "--max-parameters=50", "app.jar:a.B")
                .server();
        assertEquals(512 * 1024, server.limits().maxFormSize());
        assertEquals(50, server.limits().maxParameters());
    }

    @Test
    void minBodyRateIsReadInBytesPerSecondAndZeroTurnsItOff() throws Exception {
        assertEquals(ServerOptions.DEFAULT_MIN_BODY_RATE, CommandLine.parse("a.jar").server().minBodyRate());
        assertEquals(1024, CommandLine.parse("--min-body-rate", "1k/s", "a.jar").server().minBodyRate());
        assertEquals(500, CommandLine.parse("--min-body-rate=500", "a.jar").server().minBodyRate());
        assertEquals(0, CommandLine.parse("--min-body-rate", "0", "a.jar").server().minBodyRate());
        assertEquals(ServerOptions.DEFAULT_BODY_RATE_GRACE,
                CommandLine.parse("--min-body-rate", "1k", "a.jar").server().bodyRateGrace());
    }

    @Test
    void perAppOptionsBeforeEveryAppApplyToAllAndAfterAnAppToThatApp() throws Exception {
        Settings settings = CommandLine.parse("--lib", "shared.jar", "--context-param", "env=prod",
                "--init", "greeting=hi",
                "/a=a.jar:a.Servlet", "--init", "size=1", "--lib", "a-only",
                "/b=b.war", "--context-param", "env=test");
        AppSource a = settings.apps().get(0);
        AppSource b = settings.apps().get(1);
        assertEquals(List.of(Path.of("shared.jar"), Path.of("a-only")), a.libraries());
        assertEquals(Map.of("greeting", "hi", "size", "1"), a.initParams());
        assertEquals(Map.of("env", "prod"), a.contextParams());
        assertEquals(List.of(Path.of("shared.jar")), b.libraries());
        assertEquals(Map.of(), b.initParams(), "shared init parameters go only to servlets named by class");
        assertEquals(Map.of("env", "test"), b.contextParams());
    }

    @Test
    void initAfterAnAppWithoutAClassIsAnError() {
        assertTrue(error("shop.war", "--init", "a=b").contains("init parameters are for a servlet named as"));
    }

    @Test
    void noAsyncIsPerAppAndOffByDefault() throws Exception {
        Settings settings = CommandLine.parse("/a=a.jar:a.Servlet", "/b=b.jar:b.Servlet", "--no-async");
        assertTrue(settings.apps().get(0).asyncSupported());
        assertFalse(settings.apps().get(1).asyncSupported());
        Settings all = CommandLine.parse("--no-async", "/a=a.jar:a.Servlet", "/b=b.jar:b.Servlet");
        assertFalse(all.apps().get(0).asyncSupported());
        assertFalse(all.apps().get(1).asyncSupported());
        assertTrue(error("shop.war", "--no-async").contains("--no-async is about a servlet named as"));
    }

    @Test
    void forwardedAllowDefaultsToLoopbackAndTakesListsStarAndNone() throws Exception {
        assertEquals(TrustedProxies.defaults(), CommandLine.parse("a.jar").server().trustedProxies());
        assertEquals("10.0.0.0/8,192.0.2.1", CommandLine.parse("--forwarded-allow", "10.0.0.0/8,192.0.2.1", "a.jar")
                .server().trustedProxies().toString());
        assertEquals(TrustedProxies.all(), CommandLine.parse("--forwarded-allow=*", "a.jar").server().trustedProxies());
        assertEquals(TrustedProxies.none(), CommandLine.parse("--forwarded-allow", "none", "a.jar").server()
                .trustedProxies());
        assertEquals("--forwarded-allow: 'proxy.local' is not an IP address or CIDR block (expected addresses and "
                + "CIDR blocks, * or none)", error("--forwarded-allow", "proxy.local", "a.jar"));
    }

    @Test
    void accessLogTakesAnOptionalFile() throws Exception {
        assertEquals("-", CommandLine.parse("--access-log", "app.jar:a.B").accessLog());
        assertEquals("-", CommandLine.parse("app.jar:a.B", "--access-log").accessLog());
        assertEquals("-", CommandLine.parse("--access-log", "-", "app.jar:a.B").accessLog());
        assertEquals("access.log", CommandLine.parse("--access-log", "access.log", "app.jar:a.B").accessLog());
        assertEquals("x.jar", CommandLine.parse("--access-log=x.jar", "app.jar:a.B").accessLog());
        Settings settings = CommandLine.parse("--access-log", "/shop=shop.war");
        assertEquals("-", settings.accessLog());
        assertEquals("/shop", settings.apps().get(0).contextPath());
        assertEquals("-", CommandLine.parse("--access-log", "--port", "1", "app.war").accessLog());
    }

    @Test
    void staticAloneIsEnough(@TempDir Path dir) throws Exception {
        Settings settings = CommandLine.parse("--static", dir.toString());
        assertEquals(dir, settings.staticDir());
        assertTrue(settings.apps().isEmpty());
    }

    @Test
    void staticDotfilesAreOffUnlessAskedForAndNeedStatic(@TempDir Path dir) throws Exception {
        assertFalse(CommandLine.parse("--static", dir.toString()).staticDotfiles());
        assertTrue(CommandLine.parse("--static", dir.toString(), "--static-dotfiles").staticDotfiles());
        assertEquals("--static-dotfiles is about the files of --static DIR, and there is no --static",
                error("--static-dotfiles", "app.jar:a.B"));
    }

    @Test
    void gzipIsOffUnlessAskedFor() throws Exception {
        assertFalse(CommandLine.parse("a.jar").server().compression().enabled());
        Compression gzip = CommandLine.parse("--gzip", "a.jar").server().compression();
        assertEquals(Compression.gzip(), gzip);
    }

    @Test
    void gzipTypesAndMinimumSizeAreRead() throws Exception {
        Compression gzip = CommandLine.parse("--gzip-types", "text/*, application/*+json", "--gzip-min-size=2k",
                "--gzip", "a.jar").server().compression();
        assertTrue(gzip.enabled());
        assertEquals(List.of(MediaRange.parse("text/*"), MediaRange.parse("application/*+json")), gzip.types());
        assertEquals(2048, gzip.minSize());
        assertEquals(0, CommandLine.parse("--gzip", "--gzip-min-size", "0", "a.jar").server().compression()
                .minSize());
    }

    @Test
    void badGzipOptionsAreUsageErrors() {
        assertEquals("--gzip-types: not a media type, type/* or type/*+suffix: 'json'",
                error("--gzip", "--gzip-types", "json", "a.jar"));
        assertEquals("--gzip-types: 'text/*,' has an empty type", error("--gzip", "--gzip-types", "text/*,", "a.jar"));
        assertEquals("--gzip-min-size: 'big' is not a size in bytes (e.g. 1048576, 512k, 10m)",
                error("--gzip", "--gzip-min-size", "big", "a.jar"));
        assertEquals("--gzip-min-size is about --gzip, and there is no --gzip", error("--gzip-min-size", "1k", "a.jar"));
        assertEquals("--gzip takes no value", error("--gzip=on", "a.jar"));
    }

    @Test
    void helpAndVersionWinOverEverythingElse() throws Exception {
        assertEquals(Option.HELP, CommandLine.parse("--port", "1", "--help").action());
        assertEquals(Option.HELP, CommandLine.parse("-h").action());
        assertEquals(Option.VERSION, CommandLine.parse("--version").action());
    }

    @Test
    void operatorErrors() {
        assertEquals("nothing to serve: name an APP ([/context=]LOCATION[:CLASS]) or --static DIR (see --help)",
                error());
        assertEquals("unknown option --prot (see --help)", error("--prot", "8080", "a.jar:a.B"));
        assertEquals("--port: 'http' is not a whole number from 0 to 65535", error("--port", "http", "a.jar:a.B"));
        assertEquals("--port: '70000' is not a whole number from 0 to 65535", error("--port=70000", "a.jar:a.B"));
        assertEquals("--port needs a value: --port N", error("a.jar:a.B", "--port"));
        assertEquals("--threads: '-1' is not a whole number from 0 to 100000", error("--threads", "-1", "a.jar"));
        assertEquals("--idle-timeout: 'soon' is not a duration (e.g. 30, 30s, 500ms, 2m)",
                error("--idle-timeout", "soon", "a.jar"));
        assertEquals("--idle-timeout: '0' must be more than zero", error("--idle-timeout", "0", "a.jar"));
        assertEquals("--max-body: 'lots' is not a size in bytes (e.g. 1048576, 512k, 10m)",
                error("--max-body", "lots", "a.jar"));
        assertEquals("--init: 'novalue' is not name=value", error("--init", "novalue", "a.jar:a.B"));
        assertEquals("--reload takes no value", error("--reload=yes", "a.jar"));
        assertEquals("duplicate context path /: a.jar and b.jar (give one a /context=)", error("/=a.jar", "/=b.jar"));
        assertEquals("duplicate context path /x: a.jar and b.jar (give one a /context=)",
                error("/x=a.jar", "/x/=b.jar"));
    }

    /** Apps naming no context may still land apart (their default-context-path): the launcher checks them. */
    @Test
    void appsNamingNoContextAreNotComparedBeforeDeployment() throws Exception {
        assertEquals(2, CommandLine.parse("a.war", "b.war").apps().size());
    }

    @Test
    void appArgumentsAfterDoubleDashMayStartWithADash() throws Exception {
        Settings settings = CommandLine.parse("--", "-odd.jar:a.B");
        assertEquals(Path.of("-odd.jar"), settings.apps().get(0).location());
    }
}
