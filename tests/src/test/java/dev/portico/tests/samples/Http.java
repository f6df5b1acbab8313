package dev.portico.tests.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP/1.1 client for the sample tests: redirects are not followed, so tests see them. */
final class Http {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    private Http(HttpClient client) {
        this.client = client;
    }

    static Http client() {
        return new Http(builder().build());
    }

    /** A client that keeps cookies, like a browser: for sessions. */
    static Http withCookies() {
        return new Http(builder().cookieHandler(new CookieManager()).build());
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT);
    }

    HttpClient raw() {
        return client;
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    HttpResponse<String> get(URI uri) {
        return send(request(uri).GET().build());
    }

    HttpResponse<String> post(URI uri, String contentType, String body) {
        return send(request(uri).header("Content-Type", contentType)
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    HttpResponse<String> postForm(URI uri, String form) {
        return post(uri, "application/x-www-form-urlencoded", form);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            // The charset of the response's Content-Type (UTF-8 without one), as a browser would read it.
            return client.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                form.append('&');
            }
            form.append(java.net.URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }
}
