package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassFileTest {
    @WebServlet(urlPatterns = {"/a", "/b"}, initParams = @WebInitParam(name = "k", value = "v"), loadOnStartup = 3)
    @Deprecated
    static class Sample extends HttpServlet implements Serializable, Runnable {
        static final long BIG = 1L << 40;        // a Long constant: two constant pool slots
        static final double PI = 3.14159;

        @Override
        public void run() {
        }
    }

    private static ClassFile read(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
            return ClassFile.read(in);
        }
    }

    @Test
    void readsNameSupertypesAndClassAnnotations() throws IOException {
        ClassFile file = read(Sample.class);
        assertEquals(Sample.class.getName(), file.name());
        assertEquals(HttpServlet.class.getName(), file.superName());
        assertEquals(List.of(Serializable.class.getName(), Runnable.class.getName()), file.interfaces());
        assertEquals(List.of(WebServlet.class.getName(), Deprecated.class.getName()), file.annotations());
        assertFalse(file.isInterface());
    }

    @Test
    void readsInterfaces() throws IOException {
        ClassFile file = read(Runnable.class);
        assertTrue(file.isInterface());
        assertEquals(List.of(FunctionalInterface.class.getName()), file.annotations());
        assertEquals("java.lang.Object", file.superName());
    }

    @Test
    void objectHasNoSuperclass() throws IOException {
        assertNull(read(Object.class).superName());
    }

    @Test
    void rejectsWhatIsNotAClassFile() {
        assertThrows(IOException.class, () -> ClassFile.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})));
    }
}
