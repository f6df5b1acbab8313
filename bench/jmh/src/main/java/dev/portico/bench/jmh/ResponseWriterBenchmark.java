package dev.portico.bench.jmh;

import dev.portico.http.HttpFields;
import dev.portico.http.ResponseWriter;
import java.io.IOException;
import java.io.OutputStream;
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
 * Writing a small response — status line, Date, Server, Content-Type, Content-Length and a 13-byte body — into a
 * reusable sink that only counts bytes, so the cost measured is the writer's, not a socket's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResponseWriterBenchmark {
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** Counts what it is given and keeps nothing: a socket that never blocks. */
    static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    private final CountingSink sink = new CountingSink();
    private final ResponseWriter writer = new ResponseWriter(sink, 16 * 1024, "Portico/0.1.0");
    private final HttpFields headers = new HttpFields();

    /** The head's fields filled per response, as an exchange does for each request (the fields object is reused). */
    @Benchmark
    public long plaintextResponse() throws IOException {
        headers.clear();
        headers.set("Content-Type", "text/plain");
        headers.set("Content-Length", "13");
        writer.writeHead(200, headers, ResponseWriter.Framing.LENGTH);
        writer.writeBody(BODY, 0, BODY.length);
        writer.finishBody(null);
        writer.flush();
        return sink.bytes;
    }
}
