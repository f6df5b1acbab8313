package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Non-blocking I/O (Servlet 6.1 §5.3, §5.5): ReadListener and WriteListener in async mode. */
class NonBlockingIoTest extends ServletTestSupport {
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    /** Reads the whole body with a ReadListener, then writes it back with a WriteListener, in 8 KiB pieces. */
    private WebAppSpec echo() {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("echo", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ServletInputStream in = req.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            AtomicInteger dataCallbacks = new AtomicInteger();
            AtomicInteger notReady = new AtomicInteger();
            in.setReadListener(new ReadListener() {
                private final byte[] buffer = new byte[8192];

                @Override
                public void onDataAvailable() throws IOException {
                    dataCallbacks.incrementAndGet();
                    while (in.isReady() && !in.isFinished()) {
                        int n = in.read(buffer);
                        if (n > 0) {
                            received.write(buffer, 0, n);
                        }
                    }
                }

                @Override
                public void onAllDataRead() throws IOException {
                    seen.put("finished", in.isFinished());
                    seen.put("dataCallbacks", dataCallbacks.get());
                    byte[] body = received.toByteArray();
                    resp.setContentType("application/octet-stream");
                    ServletOutputStream out = resp.getOutputStream();
                    out.setWriteListener(new WriteListener() {
                        private int written;

                        @Override
                        public void onWritePossible() throws IOException {
                            while (out.isReady()) {
                                if (written == body.length) {
                                    seen.put("notReady", notReady.get());
                                    ac.complete();
                                    return;
                                }
                                int n = Math.min(8192, body.length - written);
                                out.write(body, written, n);
                                written += n;
                            }
                            notReady.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable t) {
                            seen.put("writeError", t.toString());
                        }
                    });
                }

                @Override
                public void onError(Throwable t) {
                    seen.put("readError", t.toString());
                }
            });
        })).asyncSupported(true).mapping("/echo");
        spec.servlet("sync", servlet((req, resp) -> {
            List<String> results = new java.util.ArrayList<>();
            try {
                req.getInputStream().setReadListener(null);
            } catch (NullPointerException e) {
                results.add("NPE");
            }
            try {
                req.getInputStream().setReadListener(new ReadListener() {
                    @Override
                    public void onDataAvailable() {
                    }

                    @Override
                    public void onAllDataRead() {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }
                });
                results.add("read listener accepted");
            } catch (IllegalStateException e) {
                results.add("read ISE");
            }
            try {
                resp.getOutputStream().setWriteListener(new WriteListener() {
                    @Override
                    public void onWritePossible() {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }
                });
                results.add("write listener accepted");
            } catch (IllegalStateException e) {
                results.add("write ISE");
            }
            resp.getOutputStream().print(results.toString());
        })).mapping("/sync");
        return spec;
    }

    @Test
    void echoesAOneMebibyteBodyWithListeners() throws Exception {
        start(echo());
        byte[] body = new byte[1024 * 1024];
        new Random(42).nextBytes(body);
        RawHttp.Response r = RawHttp.post(port(), "/echo", "application/octet-stream", body);
        assertEquals(200, r.status, r.statusLine);
        assertEquals(body.length, r.body.length);
        assertArrayEquals(body, r.body);
        assertEquals(true, seen.get("finished"));
        assertTrue((Integer) seen.get("dataCallbacks") > 1, "the body arrived over several callbacks");
        assertTrue((Integer) seen.get("notReady") > 0, "isReady() said false at least once and a callback followed");
        assertEquals(null, seen.get("readError"));
        assertEquals(null, seen.get("writeError"));
    }

    @Test
    void echoesAnEmptyBody() throws Exception {
        start(echo());
        RawHttp.Response r = RawHttp.post(port(), "/echo", "application/octet-stream", new byte[0]);
        assertEquals(200, r.status);
        assertEquals(0, r.body.length);
        assertEquals(true, seen.get("finished"));
    }

    @Test
    void listenersNeedAsyncMode() throws Exception {
        start(echo());
        assertEquals("[NPE, read ISE, write ISE]", RawHttp.post(port(), "/sync", "text/plain", new byte[3]).text());
    }
}
