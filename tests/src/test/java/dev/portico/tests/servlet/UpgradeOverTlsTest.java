package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.ServerOptions;
import dev.portico.server.TlsOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import dev.portico.tests.tls.Certificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A protocol switched to over TLS (as WebSocket over wss:// is) reads and writes through the TLS layer. On the pool
 * such a connection keeps its blocking streams (see {@code Upgraded}).
 */
class UpgradeOverTlsTest extends ServletTestSupport {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void anUpgradedConnectionSpeaksThroughTls(int threads) throws Exception {
        Path keystore = new Certificates(dir).serverKeystore("localhost");
        WebAppSpec app = new WebAppSpec("");
        app.servlet("upgrade", servlet((request, response) -> {
            response.setHeader("Upgrade", "echo");
            response.setHeader("Connection", "Upgrade");
            request.upgrade(UpgradeTest.NonBlockingEcho.class);
        })).mapping("/*");
        start(ServerOptions.defaults().withThreads(threads)
                .withTls(TlsOptions.keystore(keystore, Certificates.PASSWORD.toCharArray())), app);
        try (SSLSocket socket = (SSLSocket) Certificates.clientContext(keystore, null).getSocketFactory()
                .createSocket("127.0.0.1", port())) {
            socket.setSoTimeout(15_000);
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
