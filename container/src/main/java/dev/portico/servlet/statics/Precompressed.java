package dev.portico.servlet.statics;

import dev.portico.http.AcceptEncoding;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Precompressed siblings of a static file — {@code app.js.br}, {@code app.js.gz}, made by a build step — served
 * as they are to a client that accepts their coding: no CPU spent per request, and none of the BREACH risk of
 * compressing responses that hold secrets (a static file holds none).
 *
 * <p>A sibling counts if it is a file no older than the one it stands for (a stale one, left over from an older
 * build, would serve old content) and passes the same lookup rules as any file. Brotli is preferred to gzip when
 * the client weighs them equally. A range request always gets the identity file: ranges are of the identity.
 */
public final class Precompressed {
    /** The codings offered, in this server's order of preference, and the file extension of each. */
    private static final List<String> CODINGS = List.of("br", AcceptEncoding.GZIP);
    private static final List<String> EXTENSIONS = List.of(".br", ".gz");

    /** Finds the sibling with this suffix appended to the file's name, or null. */
    @FunctionalInterface
    public interface Siblings {
        Resource find(String suffix) throws IOException;
    }

    private Precompressed() {
    }

    /**
     * What to send for a file: the chosen sibling and its coding, or none (identity); {@code vary} when there are
     * siblings at all, so the response depends on Accept-Encoding whichever was sent.
     */
    record Choice(Resource file, String coding, boolean vary) {
        static final Choice IDENTITY = new Choice(null, null, false);

        /** The entity tag of the sibling: its own validators, marked with its coding so no two variants share one. */
        String etag() {
            return "\"" + Long.toHexString(file.length()) + "-" + Long.toHexString(file.lastModified()) + "-"
                    + coding + "\"";
        }
    }

    /**
     * @param rangeApplies whether the request's Range applies (a GET with a Range): then the identity is sent
     */
    static Choice choose(HttpServletRequest req, Resource file, Siblings siblings, boolean rangeApplies)
            throws IOException {
        List<String> available = new ArrayList<>(2);
        List<Resource> found = new ArrayList<>(2);
        for (int i = 0; i < CODINGS.size(); i++) {
            Resource sibling = siblings.find(EXTENSIONS.get(i));
            if (sibling == null) {
                continue;
            }
            if (sibling.isDirectory() || sibling.lastModified() < file.lastModified()) {
                sibling.close();
                continue;
            }
            available.add(CODINGS.get(i));
            found.add(sibling);
        }
        if (available.isEmpty()) {
            return Choice.IDENTITY;
        }
        String coding = rangeApplies ? null : AcceptEncoding.parse(headers(req)).select(available);
        Resource chosen = null;
        for (int i = 0; i < found.size(); i++) {
            if (available.get(i).equals(coding)) {
                chosen = found.get(i);
            } else {
                found.get(i).close();
            }
        }
        return new Choice(chosen, coding, true);
    }

    private static List<String> headers(HttpServletRequest req) {
        var values = req.getHeaders("Accept-Encoding");
        return values == null ? List.of() : Collections.list(values);
    }
}
