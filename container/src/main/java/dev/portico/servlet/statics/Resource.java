package dev.portico.servlet.statics;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** One file or directory, wherever it lives; closing releases whatever looking at it opened. */
public interface Resource extends Closeable {
    boolean isDirectory();

    long length();

    /** Milliseconds since the epoch, or 0 when unknown. */
    long lastModified();

    InputStream open() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
