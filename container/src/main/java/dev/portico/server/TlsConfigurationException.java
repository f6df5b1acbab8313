package dev.portico.server;

import java.io.IOException;

/**
 * A keystore or truststore that cannot be used: missing, unreadable, a wrong password, no key in it, or a protocol
 * the JDK does not know. Its message names the file and the reason, for the operator (one line: the JDK's
 * exceptions behind it would add only their own wording of the same reason).
 */
public final class TlsConfigurationException extends IOException {
    TlsConfigurationException(String message) {
        super(message);
    }
}
