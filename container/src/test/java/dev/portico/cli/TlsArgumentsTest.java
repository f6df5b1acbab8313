package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void theTlsOptionsAreReadWithThePasswordFromItsFile() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "se cret\nignored\n");
        Path trustPassword = Files.writeString(dir.resolve("tpw"), "trust\n");
        TlsOptions tls = CommandLine.parse("--port", "8080", "--tls-keystore", "server.p12", "--tls-password-file",
                password.toString(), "--tls-port", "8443", "--tls-protocols", "TLSv1.3", "--tls-client-auth", "want",
                "--tls-truststore", "clients.p12", "--tls-truststore-password-file", trustPassword.toString(),
                "app.jar:a.B").server().tls();
        assertEquals(Path.of("server.p12"), tls.keystore());
        assertArrayEquals("se cret".toCharArray(), tls.keystorePassword());
        assertEquals(8443, tls.port());
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertEquals(TlsOptions.ClientAuth.WANT, tls.clientAuth());
        assertEquals(Path.of("clients.p12"), tls.truststore());
        assertArrayEquals("trust".toCharArray(), tls.truststorePassword());
    }

    @Test
    void defaultsAreHttpsOnThePortWithTls13And12AndNoClientCertificates() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "secret");
        TlsOptions tls = CommandLine.parse("--tls-keystore", "server.p12", "--tls-password-file",
                password.toString(), "app.jar:a.B").server().tls();
        assertEquals(TlsOptions.SAME_PORT, tls.port());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
        assertEquals(TlsOptions.ClientAuth.NONE, tls.clientAuth());
        assertNull(tls.truststore());
        assertNull(CommandLine.parse("app.jar:a.B").server().tls());
    }

    @Test
    void thePasswordNeverComesFromTheCommandLine() {
        String message = assertThrows(UsageException.class, () -> CommandLine.parse("--tls-keystore", "s.p12",
                "--tls-password", "x", "app.jar:a.B")).getMessage();
        assertEquals("unknown option --tls-password (see --help)", message);
        if (System.getenv(TlsArguments.PASSWORD_ENV) == null) {
            message = assertThrows(UsageException.class, () -> CommandLine.parse("--tls-keystore", "s.p12",
                    "app.jar:a.B")).getMessage();
            assertTrue(message.startsWith("--tls-keystore s.p12 needs its password"), message);
        }
    }

    @Test
    void tlsOptionsWithoutKeystoreAreRefused() {
        String message = assertThrows(UsageException.class, () -> CommandLine.parse("--tls-client-auth", "need",
                "app.jar:a.B")).getMessage();
        assertEquals("--tls-client-auth is about HTTPS, which needs --tls-keystore FILE", message);
    }
}
