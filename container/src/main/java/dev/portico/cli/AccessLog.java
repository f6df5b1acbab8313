package dev.portico.cli;

import dev.portico.http.RequestHead;
import dev.portico.server.Exchange;
import dev.portico.server.RequestLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --access-log}: one line per request in the Combined Log Format (Apache's {@code combined}):
 * <pre>127.0.0.1 - - [10/Oct/2025:13:55:36 +0200] "GET /a?b HTTP/1.1" 200 2326 "http://x/" "curl/8.5"</pre>
 * Lines are formatted on the request's thread and written by a background thread, so a slow disk never slows a
 * response; if the writer falls {@value #CAPACITY} lines behind, lines are dropped and counted rather than block.
 */
final class AccessLog implements RequestLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    static final int CAPACITY = 16_384;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** Queued by {@link #close()}; compared by identity, so no logged line can be mistaken for it. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String END = new String("end of log");

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
    private final Writer out;
    private final boolean closeOut;
    private final ZoneId zone;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();

    AccessLog(OutputStream out, boolean closeOut, ZoneId zone) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.closeOut = closeOut;
        this.zone = zone;
        this.writer = new Thread(this::writeLines, "portico-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** "-" for stdout, else a file appended to (created if needed). */
    static AccessLog open(String target) throws IOException {
        if (target.equals("-")) {
            return new AccessLog(System.out, false, ZoneId.systemDefault());
        }
        OutputStream file = Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new AccessLog(file, true, ZoneId.systemDefault());
    }

    @Override
    public void completed(Exchange exchange, long durationNanos) {
        RequestHead request = exchange.request();
        InetSocketAddress remote = exchange.remoteAddress();
        Instant received = Instant.now().minusNanos(durationNanos);
        String requestLine = request == null ? "-"
                : request.method() + " " + request.target() + " " + request.protocol();
        // the client a trusted proxy names, if one does: the proxy's own address says nothing in a log behind it
        String client = remote == null ? null
                : request == null ? remote.getAddress().getHostAddress() : exchange.origin().clientAddress();
        log(client, received, requestLine, exchange.status(),
                exchange.bytesWritten(), request == null ? null : request.headers().get("Referer"),
                request == null ? null : request.headers().get("User-Agent"));
    }

    /** Queues one line; {@code bytes} is the response body length (0 prints "-"). Never blocks. */
    void log(String remoteAddress, Instant received, String requestLine, int status, long bytes, String referer,
             String userAgent) {
        String line = format(remoteAddress, ZonedDateTime.ofInstant(received, zone), requestLine, status, bytes,
                referer, userAgent);
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    static String format(String remoteAddress, ZonedDateTime received, String requestLine, int status, long bytes,
                         String referer, String userAgent) {
        StringBuilder line = new StringBuilder(160);
        line.append(remoteAddress == null ? "-" : remoteAddress).append(" - - [")
                .append(TIME.format(received)).append("] \"");
        escape(requestLine, line);
        line.append("\" ").append(status).append(' ').append(bytes > 0 ? Long.toString(bytes) : "-").append(" \"");
        escape(referer == null ? "-" : referer, line);
        line.append("\" \"");
        escape(userAgent == null ? "-" : userAgent, line);
        return line.append('"').toString();
    }

    /**
     * Like Apache httpd's log escaping: {@code "} and {@code \} get a backslash, and every byte outside printable
     * ASCII is written as {@code \xhh} — C0 controls could forge a line, C1 controls (U+009B is a
     * terminal CSI, U+0085 a line break to some viewers) reach a terminal or viewer as commands. Header
     * values and the target arrive as ISO-8859-1 (one char per wire byte), so a char up to {@code 0xff} is the byte
     * that was sent; a wider char (a string from elsewhere) is written as its UTF-8 bytes.
     */
    private static void escape(String value, StringBuilder line) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                line.append(c);
            } else if (c <= 0xff) {
                hex(c, line);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1)) ? i + 2 : i + 1;
                for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    hex(b & 0xff, line);
                }
                i = end - 1;
            }
        }
    }

    private static void hex(int b, StringBuilder line) {
        line.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }

    private void writeLines() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(lines.take());
                lines.drainTo(batch);
                for (String line : batch) {
                    if (line == END) {
                        out.flush();
                        return;
                    }
                    out.write(line);
                    out.write('\n');
                }
                batch.clear();
                // Flushed whenever the queue runs dry: lines appear promptly without a flush per line under load.
                if (lines.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            log.error("The access log cannot be written any more: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        try {
            if (lines.offer(END, 2, TimeUnit.SECONDS)) {
                writer.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (closeOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            log.warn("Closing the access log failed: {}", e.toString());
        }
        if (dropped.get() > 0) {
            log.warn("{} access log lines were dropped because the writer fell behind", dropped.get());
        }
    }
}
