package dev.portico.tests.tls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.ServerOptions;
import dev.portico.server.TlsOptions.ClientAuth;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client certificates: asked for (want) or required (need), checked against the truststore, seen by the servlet. */
class ClientCertificateTest extends TlsTestSupport {
    private Path server;
    /** A client whose certificate the server's truststore holds. */
    private Path alice;

    private void start(int threads, ClientAuth clientAuth) throws Exception {
        Certificates certificates = certificates();
        server = certificates.serverKeystore("localhost");
        alice = certificates.clientKeystore("alice");
        Path trusted = certificates.truststore("clients", alice);
        start(ServerOptions.defaults().withThreads(threads), tls(server).withClientAuth(clientAuth)
                .withTruststore(trusted, Certificates.PASSWORD.toCharArray()));
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void needRefusesAClientWithoutACertificateAndShowsTheOneThatHasIt(int threads) throws Exception {
        start(threads, ClientAuth.NEED);
        String url = "https://localhost:" + portico.port() + "/";
        try (CloseableHttpClient client = httpClient(server, alice)) {
            String answer = get(client, url);
            assertTrue(answer.contains("client=CN=alice\n"), answer);
        }
        try (CloseableHttpClient anonymous = httpClient(server, null)) {
            assertThrows(IOException.class, () -> get(anonymous, url));
        }
        Path mallory = certificates().clientKeystore("mallory");  // a certificate the truststore does not hold
        try (CloseableHttpClient stranger = httpClient(server, mallory)) {
            assertThrows(IOException.class, () -> get(stranger, url));
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void wantServesBothAndShowsTheCertificateWhenThereIsOne(int threads) throws Exception {
        start(threads, ClientAuth.WANT);
        String url = "https://localhost:" + portico.port() + "/";
        try (CloseableHttpClient client = httpClient(server, alice)) {
            String answer = get(client, url);
            assertTrue(answer.contains("client=CN=alice\n"), answer);
        }
        try (CloseableHttpClient anonymous = httpClient(server, null)) {
            String answer = get(anonymous, url);
            assertTrue(answer.startsWith("200\n") && answer.contains("client=none\n"), answer);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0})
    void curlPresentsAClientCertificate(int threads) throws Exception {
        start(threads, ClientAuth.NEED);
        Tools.Run curl = Tools.curl("--cacert", certificates().pem(server).toString(), "--cert-type", "P12",
                "--cert", alice + ":" + Certificates.PASSWORD, "https://localhost:" + portico.port() + "/");
        assertTrue(curl.status() == 0 && curl.output().contains("client=CN=alice\n"), curl.output());
    }
}
