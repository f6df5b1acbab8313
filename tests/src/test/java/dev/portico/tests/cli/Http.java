package dev.portico.tests.cli;

import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests for the CLI tests: through a real HTTP client, or as raw bytes when the exact request matters. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("User-Agent", "portico-cli-test").GET().build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a GET that must answer 200. */
    static String body(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(base, path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + base + path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Sends {@code GET target} exactly as written, bypassing any client-side path normalisation. */
    static RawHttp.Response raw(URI base, String target) throws IOException {
        return RawHttp.exchange(base.getHost(), base.getPort(),
                "GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n");
    }
}
