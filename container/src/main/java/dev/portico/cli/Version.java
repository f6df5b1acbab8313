package dev.portico.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Portico's version: the jar manifest's Implementation-Version, else the {@code portico.properties} resource. */
final class Version {
    private Version() {
    }

    static String current() {
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = Version.class.getResourceAsStream("/portico.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
