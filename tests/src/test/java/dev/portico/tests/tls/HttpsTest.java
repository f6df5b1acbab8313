package dev.portico.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.ServerOptions;
import dev.portico.server.TlsOptions;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTPS as clients see it: HttpClient 5, curl and openssl against a keytool-made keystore; what the servlet API
 * says over TLS; plain HTTP beside it and on it. Parameterised tests run on both thread models: threads = 0
 * (virtual threads on Java 21+, the default pool on 17) and a small platform pool with the idle poller.
 */
class HttpsTest extends TlsTestSupport {

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void httpClientGetsAnAnswerOverTlsAndTheServletSeesHttps(int threads) throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults().withThreads(threads), tls(keystore));
        try (CloseableHttpClient client = httpClient(keystore, null)) {
            String url = "https://localhost:" + portico.port() + "/info";
            String first = get(client, url);
            assertTrue(first.startsWith("200\n"), first);
            assertTrue(first.contains("scheme=https\nsecure=true\nconnectionSecure=true\n"), first);
            assertTrue(first.contains("serverPort=" + portico.port() + "\n"), first);
            assertTrue(first.contains("url=https://localhost:" + portico.port() + "/info\n"), first);
            assertTrue(first.contains("cipher=TLS_"), first);
            assertTrue(first.contains("keySize=Integer:"), first);
            assertFalse(first.contains("sessionId=null"), first);
            assertTrue(first.contains("client=none"), first);
            // Kept alive: the second request comes on the same TLS connection, after it waited between requests.
            assertEquals(first, get(client, url));
        }
    }

    @Test
    void aHostWithoutPortMeansPort443OverTls() throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults(), tls(keystore));
        try (var socket = tlsSocket(keystore, portico.port())) {
            RawHttp.send(socket, "GET /x HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
            String body = RawHttp.read(socket.getInputStream()).text();
            assertTrue(body.contains("serverPort=443\nurl=https://example.com/x\n"), body);
        }
    }

    @Test
    void curlTrustsTheExportedCertificate() throws Exception {
        Certificates certificates = certificates();
        Path keystore = certificates.serverKeystore("localhost");
        start(ServerOptions.defaults(), tls(keystore));
        Tools.Run curl = Tools.curl("--cacert", certificates.pem(keystore).toString(),
                "https://localhost:" + portico.port() + "/c", "https://127.0.0.1:" + portico.port() + "/d");
        assertEquals(0, curl.status(), curl.output());
        assertTrue(curl.output().contains("url=https://localhost:" + portico.port() + "/c"), curl.output());
        assertTrue(curl.output().contains("url=https://127.0.0.1:" + portico.port() + "/d"), curl.output());
    }

    @Test
    void curlRefusesItWithoutTheCertificate() throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults(), tls(keystore));
        Tools.Run curl = Tools.curl("https://localhost:" + portico.port() + "/");
        assertEquals(60, curl.status(), curl.output());  // CURLE_PEER_FAILED_VERIFICATION: the cert is self-signed
    }

    @Test
    void openSslNegotiatesTls13AndTls12AndIsRefusedTls11() throws Exception {
        Certificates certificates = certificates();
        Path keystore = certificates.serverKeystore("localhost");
        start(ServerOptions.defaults(), tls(keystore));
        String ca = certificates.pem(keystore).toString();
        Tools.Run tls13 = Tools.sClient(portico.port(), "-CAfile", ca, "-tls1_3");
        assertTrue(tls13.output().contains("New, TLSv1.3, Cipher is TLS_"), tls13.output());
        assertTrue(tls13.output().contains("Verify return code: 0 (ok)"), tls13.output());
        Tools.Run tls12 = Tools.sClient(portico.port(), "-CAfile", ca, "-tls1_2");
        assertTrue(tls12.output().contains("New, TLSv1.2, Cipher is "), tls12.output());
        // SECLEVEL=0 so that openssl itself is willing to offer TLS 1.1: the refusal must be the server's.
        Tools.Run tls11 = Tools.sClient(portico.port(), "-CAfile", ca, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertNotEquals(0, tls11.status(), tls11.output());
        assertTrue(tls11.output().contains("alert protocol version")
                || tls11.output().contains("New, (NONE), Cipher is (NONE)"), tls11.output());
        assertFalse(tls11.output().contains("New, TLSv1.1"), tls11.output());
    }

    /**
     * A response that ends the connection ends TLS first: without a close_notify, OpenSSL 3 clients (curl, wrk,
     * s_client) see "unexpected eof while reading", and no client can tell the end from a cut.
     */
    @ParameterizedTest(name = "threads={0} {1}")
    @CsvSource({"0,-tls1_3", "2,-tls1_3", "0,-tls1_2", "2,-tls1_2"})
    void aConnectionClosedAfterAResponseEndsWithCloseNotify(int threads, String protocol) throws Exception {
        Certificates certificates = certificates();
        Path keystore = certificates.serverKeystore("localhost");
        start(ServerOptions.defaults().withThreads(threads), tls(keystore));
        Tools.Run run = Tools.sClientSending(portico.port(),
                "GET /bye HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "-CAfile", certificates.pem(keystore).toString(), protocol);
        assertTrue(run.output().contains("HTTP/1.1 200 "), run.output());
        assertFalse(run.output().contains("unexpected eof"), run.output());
        assertEquals(0, run.status(), run.output());
    }

    @Test
    void onlyTheConfiguredProtocolsAreOffered() throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults(), tls(keystore).withProtocols(List.of("TLSv1.3")));
        Tools.Run tls12 = Tools.sClient(portico.port(), "-tls1_2");
        assertNotEquals(0, tls12.status(), tls12.output());
        assertFalse(tls12.output().contains("New, TLSv1.2"), tls12.output());
        Tools.Run tls13 = Tools.sClient(portico.port(), "-tls1_3");
        assertTrue(tls13.output().contains("New, TLSv1.3"), tls13.output());
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void plainHttpOnTheTlsPortGetsA400InClearText(int threads) throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults().withThreads(threads), tls(keystore));
        RawHttp.Response response = RawHttp.exchange(portico.port(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(400, response.status, response.toString());
        assertEquals("close", response.header("Connection"));
        assertTrue(response.text().contains("https"), response.text());
        // and the port still speaks TLS to the next client
        try (var socket = tlsSocket(keystore, portico.port())) {
            RawHttp.send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals(200, RawHttp.read(socket.getInputStream()).status);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void httpAndHttpsSideBySide(int threads) throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults().withThreads(threads), tls(keystore).withPort(0));
        assertNotEquals(portico.port(), portico.tlsPort());
        RawHttp.Response plain = RawHttp.get(portico.port(), "/p", "Host: localhost:" + portico.port());
        assertTrue(plain.text().contains("scheme=http\nsecure=false\nconnectionSecure=false\n"), plain.text());
        assertTrue(plain.text().contains("cipher=null"), plain.text());
        try (CloseableHttpClient client = httpClient(keystore, null)) {
            String secure = get(client, "https://localhost:" + portico.tlsPort() + "/s");
            assertTrue(secure.contains("scheme=https\nsecure=true\n"), secure);
        }
        // TLS on the plain port is not understood: a handshake there fails, it does not hang
        assertThrows(SSLException.class, () -> tlsSocket(keystore, portico.port()).close());
    }

    @Test
    void theSessionCookieIsSecureOverTlsOnly() throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        start(ServerOptions.defaults(), tls(keystore).withPort(0));
        RawHttp.Response plain = RawHttp.get(portico.port(), "/?session=1");
        String plainCookie = plain.header("Set-Cookie");
        assertTrue(plainCookie.startsWith("JSESSIONID="), plainCookie);
        assertFalse(plainCookie.contains("Secure"), plainCookie);
        try (var socket = tlsSocket(keystore, portico.tlsPort())) {
            RawHttp.send(socket, "GET /?session=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String secureCookie = RawHttp.read(socket.getInputStream()).header("Set-Cookie");
            assertTrue(secureCookie.startsWith("JSESSIONID="), secureCookie);
            assertTrue(secureCookie.contains("; Secure"), secureCookie);
        }
    }

    @Test
    void aJksKeystoreIsReadToo() throws Exception {
        Certificates certificates = certificates();
        Path jks = certificates.serverJks("legacy");
        start(ServerOptions.defaults(), tls(jks));
        Tools.Run run = Tools.sClient(portico.port());
        assertTrue(run.output().contains("subject=CN = legacy") || run.output().contains("subject=CN=legacy"),
                run.output());
    }

    @Test
    void aKeystoreWithTheWrongPasswordStopsTheStart() throws Exception {
        Path keystore = certificates().serverKeystore("localhost");
        IOException failure = assertThrows(IOException.class, () -> start(ServerOptions.defaults(),
                TlsOptions.keystore(keystore, "wrong".toCharArray())));
        assertEquals("keystore " + keystore + ": wrong password", failure.getMessage());
    }
}
