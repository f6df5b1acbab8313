package dev.portico.servlet;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The one way the app writes the response body (Servlet 6.1 §5.1: the stream or the writer, never both) and the
 * objects behind it: the {@link ResponseOutput} over the exchange's buffer and, for the writer, the encoder that
 * hands its bytes straight to it.
 */
final class ResponseBody {
    private final PorticoResponse response;
    private ResponseOutput output;
    private PrintWriter writer;
    private ResponseCharWriter charWriter;
    private boolean usingStream;
    private boolean usingWriter;

    ResponseBody(PorticoResponse response) {
        this.response = response;
    }

    private ResponseOutput output() {
        if (output == null) {
            output = new ResponseOutput(response, response.cycle().exchange.responseBody());
        }
        return output;
    }

    ResponseOutput stream() {
        if (usingWriter) {
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        usingStream = true;
        return output();
    }

    /** getWriter may be called (again): the stream is not in use. */
    void checkWriterAllowed() {
        if (usingStream) {
            throw new IllegalStateException("getOutputStream() has already been called for this response");
        }
    }

    /** The writer, or null before the first getWriter. */
    PrintWriter writer() {
        return writer;
    }

    PrintWriter openWriter(Charset charset) {
        usingWriter = true;
        charWriter = new ResponseCharWriter(output(), charset);
        writer = new PrintWriter(charWriter, false);
        return writer;
    }

    boolean isUsingWriter() {
        return usingWriter;
    }

    /** resetBuffer(): the encoder forgets what it held along with the buffered bytes. */
    void resetBuffer() {
        if (charWriter != null) {
            charWriter.reset();
        }
    }

    /** reset() and the error response: the choice between getWriter and getOutputStream is forgotten (Servlet 6.0+). */
    void forgetChoice() {
        usingStream = false;
        usingWriter = false;
        writer = null;
        charWriter = null;
    }

    /** At the end of the request: a non-blocking write in progress lands first. */
    void awaitWritten() {
        if (output != null) {
            output.awaitWritten();
        }
    }
}
