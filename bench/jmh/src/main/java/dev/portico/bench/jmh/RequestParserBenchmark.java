package dev.portico.bench.jmh;

import dev.portico.http.HttpException;
import dev.portico.http.HttpLimits;
import dev.portico.http.RequestHead;
import dev.portico.http.RequestParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing one typical browser GET (request line and twelve header fields, ~560 bytes) handed over as one byte[], the
 * way it arrives from a socket read. The parser is reused across requests as on a keep-alive connection, so what
 * {@code -prof gc} reports per op is what one request head costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestParserBenchmark {
    static final byte[] BROWSER_GET = ("GET /products/42?ref=home&sort=price HTTP/1.1\r\n"
            + "Host: shop.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Referer: https://shop.example.com/\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=3f2a9c1e7b6d4e0f; theme=dark\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final RequestParser parser = new RequestParser(HttpLimits.defaults());

    @Benchmark
    public RequestHead parseBrowserGet() throws HttpException {
        parser.reset();
        int end = parser.parse(BROWSER_GET, 0, BROWSER_GET.length);
        if (end != BROWSER_GET.length || !parser.isComplete()) {
            throw new IllegalStateException("the request head did not parse completely");
        }
        return parser.head();
    }
}
