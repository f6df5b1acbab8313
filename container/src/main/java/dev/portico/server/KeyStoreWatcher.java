package dev.portico.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the {@link TlsContext} when its keystore (or truststore) file changes, so a renewed certificate is served
 * without a restart: connections opened from then on get the new context, open ones keep theirs. A new file that
 * does not load is logged and the old context stays. Polls the files' modification time and size: a watch service
 * misses a file replaced by a rename on some systems, and a certificate renewal is not urgent to the second.
 */
final class KeyStoreWatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(KeyStoreWatcher.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final TlsContext context;
    private final Thread thread;
    private String lastSeen;

    KeyStoreWatcher(TlsContext context) {
        this.context = context;
        this.lastSeen = fingerprint();
        this.thread = new Thread(this, "portico-keystore-watcher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        thread.interrupt();
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            String seen = fingerprint();
            if (Objects.equals(seen, lastSeen)) {
                continue;
            }
            lastSeen = seen;
            try {
                context.reload();
                log.info("TLS keystore {} reloaded; new connections use it", context.options().keystore());
            } catch (TlsConfigurationException e) {
                log.warn("TLS keystore changed but cannot be used, keeping the previous one: {}", e.getMessage());
            }
        }
    }

    /** What changes when a file is rewritten or replaced; null parts for a file that is (for now) missing. */
    private String fingerprint() {
        TlsOptions options = context.options();
        return describe(options.keystore()) + "|" + (options.truststore() == null ? "" : describe(options.truststore()));
    }

    private static String describe(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime() + "/" + attributes.size() + "/" + attributes.fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
