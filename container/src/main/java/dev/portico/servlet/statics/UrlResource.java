package dev.portico.servlet.statics;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;

/**
 * A resource the context can only give as a URL (a jar entry whose zip file system is not open). Caches are off, so
 * closing the stream closes the jar and a redeploy finds no file held open.
 */
final class UrlResource implements Resource {
    private final boolean directory;
    private final URLConnection connection;
    private InputStream stream;

    private UrlResource(boolean directory, URLConnection connection) {
        this.directory = directory;
        this.connection = connection;
    }

    static Resource open(URL url, boolean directory) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        UrlResource resource = new UrlResource(directory, connection);
        if (!directory) {
            try {
                resource.stream = connection.getInputStream();
            } catch (FileNotFoundException gone) {
                return null;
            }
            if (connection.getContentLengthLong() < 0) {
                resource.close();
                return null;     // no length, no honest Content-Length: do not serve it
            }
        }
        return resource;
    }

    @Override
    public boolean isDirectory() {
        return directory;
    }

    @Override
    public long length() {
        return connection.getContentLengthLong();
    }

    @Override
    public long lastModified() {
        return Math.max(0, connection.getLastModified());
    }

    @Override
    public InputStream open() throws IOException {
        InputStream in = stream;
        stream = null;
        if (in == null) {
            throw new IOException("resource stream already consumed: " + connection.getURL());
        }
        return in;
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
