package dev.portico.tests.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx in front of a Portico, run from the documented sample {@code docs/nginx/portico.conf}: a self-signed
 * certificate made by the real openssl, the sample's listen ports, certificate paths and upstream address replaced,
 * wrapped in a main configuration that keeps everything (pid, logs, temporary files) in a temporary directory.
 * Stopped by its own PID.
 */
public final class Nginx implements AutoCloseable {
    private static final Path SAMPLE = Path.of(System.getProperty("portico.docs", "../docs"), "nginx", "portico.conf");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final Path certificate;
    /** The HTTPS port nginx listens on (127.0.0.1). */
    public final int httpsPort;
    /** The plain HTTP port, which redirects to HTTPS. */
    public final int httpPort;
    private final Process process;

    private Nginx(Path dir, Path certificate, int httpsPort, int httpPort, Process process) {
        this.dir = dir;
        this.certificate = certificate;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Starts nginx proxying to Portico on 127.0.0.1:{@code upstreamPort}, and waits until it accepts TLS. */
    public static Nginx start(int upstreamPort) throws Exception {
        Path nginx = tool("nginx", "/usr/sbin/nginx", "/usr/bin/nginx");
        Path openssl = tool("openssl", "/usr/bin/openssl");
        Path dir = Files.createTempDirectory("portico-nginx");
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(List.of(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", certificate.toString()), dir);
        int httpsPort = freePort();
        int httpPort = freePort();
        String site = Files.readString(SAMPLE);
        site = replaceOnce(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + upstreamPort + ";");
        site = replaceOnce(site, "listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;");
        site = replaceOnce(site, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        site = replaceOnce(site, "/etc/ssl/example.com/fullchain.pem", certificate.toString());
        site = replaceOnce(site, "/etc/ssl/example.com/privkey.pem", key.toString());
        Files.writeString(dir.resolve("portico.conf"), site);
        // Root starts workers as "nobody" unless told otherwise; they could not use this directory.
        String user = System.getProperty("user.name").equals("root") ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), user + """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/portico.conf;
                }
                """.formatted(dir));
        Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-e", dir + "/error.log",
                "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Nginx started = new Nginx(dir, certificate, httpsPort, httpPort, process);
        started.awaitListening();
        return started;
    }

    /** An SSLContext that trusts the test certificate only. */
    public SSLContext sslContext() throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certificate)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("nginx", cert);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    public String errorLog() {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no error log: " + e + ")";
        }
    }

    /** {@code https://localhost:PORT}, as a client addresses nginx. */
    public String origin() {
        return "https://localhost:" + httpsPort;
    }

    /** The JDK's HTTP client, trusting the test certificate. */
    public HttpClient httpClient() throws Exception {
        return HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * One HTTPS GET to nginx on a raw TLS socket whose local end is {@code localAddress} (a loopback alias such as
     * 127.0.0.5), with the certificate checked for localhost.
     */
    public RawHttp.Response get(String localAddress, String target) throws Exception {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", httpsPort), 10_000);
        try (SSLSocket tls = (SSLSocket) sslContext().getSocketFactory()
                .createSocket(plain, "localhost", httpsPort, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
            tls.startHandshake();
            RawHttp.write(tls.getOutputStream(), "GET", target, null, true, "Host: localhost:" + httpsPort);
            return RawHttp.read(tls.getInputStream());
        }
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail("nginx exited with " + process.exitValue() + ":\n" + Files.readString(dir.resolve("stdout.log"))
                        + "\n" + errorLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", httpsPort), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    close();
                    fail("nginx did not listen on " + httpsPort + " within " + START_TIMEOUT + ":\n" + errorLog());
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the master by its PID (SIGTERM: a fast shutdown), which takes its worker with it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory left behind is no failure
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, () -> SAMPLE + " no longer has one '" + from + "'");
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    /**
     * The tool's path. Missing on a machine with apt is a failure (CI installs it from Debian packages); elsewhere
     * the test is skipped.
     */
    private static Path tool(String name, String... candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
        Assumptions.assumeTrue(apt, name + " is not installed and this machine has no apt to install it");
        fail(name + " is not installed: apt-get install " + name);
        return null;
    }

    private static void run(List<String> command, Path dir) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> command + " did not finish");
        assertEquals(0, process.exitValue(), () -> command + " failed:\n" + output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
