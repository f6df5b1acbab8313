package dev.portico.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portico.server.ServerOptions;
import dev.portico.tests.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A renewed certificate is served without a restart: the keystore file replaced, new connections get the new
 * certificate while an open keep-alive connection goes on with the old one. (A file that does not load: see
 * {@code dev.portico.tests.cli.CliTlsTest}, which reads the warning in the server's log.)
 */
class KeystoreReloadTest extends TlsTestSupport {

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void aReplacedKeystoreServesNewConnectionsAndKeepsOpenOnes(int threads) throws Exception {
        Certificates certificates = certificates();
        Path first = certificates.serverKeystore("first");
        Path second = certificates.serverKeystore("second");
        Path both = certificates.truststore("both", first, second);
        Path served = dir.resolve("served.p12");
        Files.copy(first, served);
        start(ServerOptions.defaults().withThreads(threads), tls(served));

        SSLSocket open = tlsSocket(both, portico.port());
        assertEquals("CN=first", serverName(open));
        assertEquals(200, request(open));

        Path renewed = dir.resolve("renewed.p12");
        Files.copy(second, renewed);
        Files.move(renewed, served, StandardCopyOption.REPLACE_EXISTING);  // as certbot's deploy hook would
        await("a new connection gets the new certificate", Duration.ofSeconds(20), () -> {
            try (SSLSocket socket = tlsSocket(both, portico.port())) {
                return serverName(socket).equals("CN=second");
            }
        });
        assertEquals(200, request(open));  // the connection opened before goes on, with its own session
        assertEquals("CN=first", serverName(open));
        open.close();
    }

    private static int request(SSLSocket socket) throws Exception {
        RawHttp.send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        return RawHttp.read(socket.getInputStream()).status;
    }
}
