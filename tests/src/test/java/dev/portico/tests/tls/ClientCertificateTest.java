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

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void needRefusesAClientWithoutACertificateAndShowsTheOneThatHasIt(int threads) throws Exception {
        Certificates certificates = certificates();
        Path server = certificates.serverKeystore("localhost");
        Path alice = certificates.clientKeystore("alice");
        Path trusted = certificates.truststore("clients", alice);
        start(ServerOptions.defaults().withThreads(threads), tls(server).withClientAuth(ClientAuth.NEED)
                .withTruststore(trusted, Certificates.PASSWORD.toCharArray()));
        String url = "https://localhost:" + portico.port() + "/";
        try (CloseableHttpClient client = httpClient(server, alice)) {
            String answer = get(client, url);
            assertTrue(answer.contains("client=CN=alice\n"), answer);
        }
        try (CloseableHttpClient anonymous = httpClient(server, null)) {
            assertThrows(IOException.class, () -> get(anonymous, url));
        }
        Path mallory = certificates.clientKeystore("mallory");  // a certificate the truststore does not hold
        try (CloseableHttpClient stranger = httpClient(server, mallory)) {
            assertThrows(IOException.class, () -> get(stranger, url));
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 2})
    void wantServesBothAndShowsTheCertificateWhenThereIsOne(int threads) throws Exception {
        Certificates certificates = certificates();
        Path server = certificates.serverKeystore("localhost");
        Path alice = certificates.clientKeystore("alice");
        Path trusted = certificates.truststore("clients", alice);
        start(ServerOptions.defaults().withThreads(threads), tls(server).withClientAuth(ClientAuth.WANT)
                .withTruststore(trusted, Certificates.PASSWORD.toCharArray()));
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
        Certificates certificates = certificates();
        Path server = certificates.serverKeystore("localhost");
        Path alice = certificates.clientKeystore("alice");
        Path trusted = certificates.truststore("clients", alice);
        start(ServerOptions.defaults().withThreads(threads), tls(server).withClientAuth(ClientAuth.NEED)
                .withTruststore(trusted, Certificates.PASSWORD.toCharArray()));
        Tools.Run curl = Tools.curl("--cacert", certificates.pem(server).toString(), "--cert-type", "P12",
                "--cert", alice + ":" + Certificates.PASSWORD, "https://localhost:" + portico.port() + "/");
        assertTrue(curl.status() == 0 && curl.output().contains("client=CN=alice\n"), curl.output());
    }
}
