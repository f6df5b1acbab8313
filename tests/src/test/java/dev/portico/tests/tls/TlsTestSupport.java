package dev.portico.tests.tls;

import dev.portico.Portico;
import dev.portico.server.ServerOptions;
import dev.portico.server.TlsOptions;
import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** An in-process Portico serving HTTPS with a keytool-made keystore, and the clients that talk to it. */
abstract class TlsTestSupport {
    @TempDir
    Path dir;
    protected Portico portico;

    protected Certificates certificates() {
        return new Certificates(dir);
    }

    protected static TlsOptions tls(Path keystore) {
        return TlsOptions.keystore(keystore, Certificates.PASSWORD.toCharArray());
    }

    /** Starts the info servlet at /* with these options (on free ports). */
    protected Portico start(ServerOptions options, TlsOptions tls) throws Exception {
        WebAppSpec app = new WebAppSpec("");
        app.servlet("info", new InfoServlet()).mapping("/*");
        portico = Portico.builder().options(options).port(0).tls(tls).context(app).build().start();
        return portico;
    }

    @AfterEach
    void stopPortico() {
        if (portico != null) {
            portico.stop();
            portico = null;
        }
    }

    /** HttpClient 5 trusting {@code trusted}, presenting {@code clientKey} if not null; short timeouts. */
    protected static CloseableHttpClient httpClient(Path trusted, Path clientKey) throws Exception {
        SSLContext context = Certificates.clientContext(trusted, clientKey);
        Timeout timeout = Timeout.ofSeconds(10);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(context).buildClassic())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .build();
    }

    /** GET over HttpClient 5: "STATUS\nBODY". */
    protected static String get(CloseableHttpClient client, String url) throws IOException {
        return client.execute(new HttpGet(url), response -> response.getCode() + "\n"
                + EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
    }

    /** A raw TLS connection to the port, handshaken, trusting {@code trusted}. */
    protected static SSLSocket tlsSocket(Path trusted, int port) throws Exception {
        SSLSocket socket = (SSLSocket) Certificates.clientContext(trusted, null).getSocketFactory()
                .createSocket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        socket.startHandshake();
        return socket;
    }

    /** The subject of the certificate the server presented on this connection. */
    protected static String serverName(SSLSocket socket) throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    /** Polls until the condition holds or the limit passes: waits for an event, never asserts on a duration. */
    protected static void await(String what, Duration limit, Check condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Tells what the servlet API says about the connection, one "name=value" line each. */
    static final class InfoServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getParameter("session") != null) {
                request.getSession(true);
            }
            X509Certificate[] chain = (X509Certificate[]) request.getAttribute(
                    "jakarta.servlet.request.X509Certificate");
            Object keySize = request.getAttribute("jakarta.servlet.request.key_size");
            response.setContentType("text/plain");
            response.getWriter().print("scheme=" + request.getScheme() + "\n"
                    + "secure=" + request.isSecure() + "\n"
                    + "connectionSecure=" + request.getServletConnection().isSecure() + "\n"
                    + "serverPort=" + request.getServerPort() + "\n"
                    + "url=" + request.getRequestURL() + "\n"
                    + "cipher=" + request.getAttribute("jakarta.servlet.request.cipher_suite") + "\n"
                    + "keySize=" + (keySize == null ? "null" : keySize.getClass().getSimpleName() + ":" + keySize)
                    + "\n"
                    + "sessionId=" + request.getAttribute("jakarta.servlet.request.ssl_session_id") + "\n"
                    + "client=" + (chain == null ? "none" : chain[0].getSubjectX500Principal().getName()) + "\n");
        }
    }
}
