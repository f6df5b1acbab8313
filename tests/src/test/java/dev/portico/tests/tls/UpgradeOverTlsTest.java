package dev.portico.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A protocol switched to over TLS (as WebSocket over wss:// is) reads and writes through the TLS layer. On the pool
 * such a connection keeps its blocking streams (see {@code Upgraded}).
 */
class UpgradeOverTlsTest extends TlsTestSupport {

    /** Echoes with a ReadListener, as a portable WebSocket implementation reads. */
    public static class Echo implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                ServletOutputStream out = connection.getOutputStream();
                in.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[8192];

                    @Override
                    public void onDataAvailable() throws IOException {
                        while (in.isReady() && !in.isFinished()) {
                            int n = in.read(buffer);
                            if (n > 0) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void destroy() {
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void anUpgradedConnectionSpeaksThroughTls(int threads) throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        WebAppSpec app = new WebAppSpec("");
        app.servlet("upgrade", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws IOException, jakarta.servlet.ServletException {
                response.setHeader("Upgrade", "echo");
                response.setHeader("Connection", "Upgrade");
                request.upgrade(Echo.class);
            }
        }).mapping("/*");
        portico = Portico.builder().options(ServerOptions.defaults().withThreads(threads)).port(0)
                .tls(tls(keystore)).context(app).build().start();
        try (SSLSocket socket = tlsSocket(keystore, portico.port())) {
            RawHttp.send(socket, "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
            String head = RawHttp.readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            for (String text : new String[] {"hello", "again", "x".repeat(100_000)}) {
                RawHttp.send(socket, text);
                assertEquals(text, new String(socket.getInputStream().readNBytes(text.length()),
                        StandardCharsets.ISO_8859_1));
            }
        }
    }
}
