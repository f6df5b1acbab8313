package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppArgumentTest {
    private static AppArgument parse(String arg) throws UsageException {
        return AppArgument.parse(arg);
    }

    @Test
    void locationOnly() throws Exception {
        AppArgument app = parse("target/shop.war");
        assertNull(app.contextPath(), "none named: the app's default-context-path, else the root");
        assertEquals(Path.of("target/shop.war"), app.location());
        assertNull(app.className());
    }

    @Test
    void locationAndClass() throws Exception {
        AppArgument app = parse("sample-apps/hello/target/hello.jar:example.hello.HelloServlet");
        assertEquals(Path.of("sample-apps/hello/target/hello.jar"), app.location());
        assertEquals("example.hello.HelloServlet", app.className());
        assertEquals("Outer$Inner", parse("a.jar:Outer$Inner").className());
    }

    @Test
    void contextLocationAndClass() throws Exception {
        AppArgument app = parse("/api=/opt/apps/api.jar:com.example.Api");
        assertEquals("/api", app.contextPath());
        assertEquals(Path.of("/opt/apps/api.jar"), app.location());
        assertEquals("com.example.Api", app.className());
        assertEquals("/a/b", parse("/a/b/=x.jar").contextPath(), "a trailing slash is dropped");
        assertEquals("", parse("/=x.jar").contextPath(), "/ is the root context");
    }

    @Test
    void colonIsSplitOnlyBeforeAClassName() throws Exception {
        AppArgument app = parse("builds/2024-01-01T10:30/app.jar");
        assertEquals(Path.of("builds/2024-01-01T10:30/app.jar"), app.location());
        assertNull(app.className());
        assertNull(parse("dir:1.5/app.jar").className());
        assertEquals("b.C", parse("x:y/a.jar:b.C").className());
        assertEquals(Path.of("x:y/a.jar"), parse("x:y/a.jar:b.C").location());
    }

    @Test
    void anExistingFileIsTakenWhole(@TempDir Path dir) throws Exception {
        Path odd = Files.createFile(dir.resolve("app.jar:v2"));
        assertEquals(odd, parse(odd.toString()).location());
        Path withEquals = Files.createFile(dir.resolve("a=b.jar"));
        AppArgument app = parse(withEquals.toString());
        assertNull(app.contextPath());
        assertEquals(withEquals, app.location());
    }

    @Test
    void badContextPathsAreRefused() {
        assertThrows(UsageException.class, () -> parse("/a/../b=x.jar"));
        assertThrows(UsageException.class, () -> parse("/a b=x.jar"));
        assertThrows(UsageException.class, () -> parse("/a?b=x.jar"));
        assertThrows(UsageException.class, () -> parse("//a=x.jar"));
        assertThrows(UsageException.class, () -> parse("/a=:b.C"));
    }
}
