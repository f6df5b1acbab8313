package dev.portico.server;

import dev.portico.http.InputBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of a connection that switched protocols. Two ways to wait, one per threading model:
 *
 * <ul>
 *   <li>virtual threads: the socket's plain blocking streams; waiting for input is a blocked virtual thread, which
 *       the JDK parks on its own poller.</li>
 *   <li>the platform pool: the channel stays in non-blocking mode for good, because a protocol such as WebSocket
 *       writes from any thread while the connection waits for input in the {@link IdlePoller} (a channel registered
 *       with a selector cannot block). A read or write that must wait does so on a small selector of its own.</li>
 * </ul>
 */
final class Upgraded implements UpgradedConnection {
    private static final Logger log = LoggerFactory.getLogger(Upgraded.class);
    private static final long WAIT_SLICE_MILLIS = 1000;

    private final Connection connection;
    private final HttpServer server;
    private final SocketChannel channel;
    private final InputBuffer pipelined;
    private final boolean nonBlocking;
    private final InputStream socketIn;
    private final OutputStream socketOut;
    private final Input input = new Input();
    private final Output output = new Output();
    private final AtomicReference<Runnable> closeListener = new AtomicReference<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicReference<Runnable> readable = new AtomicReference<>();
    private Selector readWaiter;
    private Selector writeWaiter;

    Upgraded(Connection connection, HttpServer server, InputStream socketIn, OutputStream socketOut)
            throws IOException {
        this.connection = connection;
        this.server = server;
        this.channel = connection.channel();
        this.pipelined = connection.input();
        // A TLS connection keeps its blocking streams (an SSLSocket cannot read a non-blocking channel): on the pool
        // it holds a thread while its protocol waits for input.
        this.nonBlocking = server.parksIdleConnections() && !connection.isTls();
        this.socketIn = socketIn;
        this.socketOut = socketOut;
        if (nonBlocking) {
            channel.configureBlocking(false);
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void whenReadable(Runnable task) {
        if (!readable.compareAndSet(null, task)) {
            throw new IllegalStateException("already waiting for input");
        }
        synchronized (input) {
            if (pipelined.buffered() > 0 || !nonBlocking || !channel.isOpen()) {
                // On a virtual thread the task's read blocks, and that is the wait.
                execute(this::runReadable);
                return;
            }
        }
        server.poller().awaitReadable(connection);
    }

    /** The poller saw input (or the stop): the waiting task runs now, on a worker. */
    void runReadable() {
        Runnable task = readable.getAndSet(null);
        if (task != null) {
            task.run();
        }
    }

    @Override
    public void execute(Runnable task) {
        if (!server.executeTask(task)) {
            close();
        }
    }

    @Override
    public void onClose(Runnable listener) {
        closeListener.set(listener);
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen() && !closing.get();
    }

    /** Called by the connection's close, before the socket closes: tells the protocol, once. */
    void closing() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Runnable listener = closeListener.getAndSet(null);
        if (listener != null) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("connection {}: close listener of the upgraded protocol failed", connection.id(), e);
            }
        }
    }

    /** After the socket closed: the private selectors go too, and a waiting reader hears the end. */
    void closed() {
        synchronized (this) {
            closeQuietly(readWaiter);
            closeQuietly(writeWaiter);
        }
        if (nonBlocking) {
            // A closed channel still registered with a selector keeps its socket open until that selector's next
            // select: the poller's is woken so that the client sees the close now.
            server.poller().wakeup();
        }
        if (readable.get() != null) {
            execute(this::runReadable);
        }
    }

    private void await(int op) throws IOException {
        Selector selector;
        synchronized (this) {
            if (!channel.isOpen()) {
                throw new IOException("connection closed");
            }
            if (op == SelectionKey.OP_READ) {
                if (readWaiter == null) {
                    readWaiter = Selector.open();
                    channel.register(readWaiter, op);
                }
                selector = readWaiter;
            } else {
                if (writeWaiter == null) {
                    writeWaiter = Selector.open();
                    channel.register(writeWaiter, op);
                }
                selector = writeWaiter;
            }
        }
        // Bounded slices, in case a close from another thread comes between the check above and the select.
        try {
            selector.select(WAIT_SLICE_MILLIS);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new IOException("connection closed");  // closed() closed it under us
        }
    }

    private static void closeQuietly(Selector selector) {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing left to wait on
            }
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            synchronized (this) {
                int buffered = pipelined.buffered();
                if (buffered > 0) {
                    int n = Math.min(buffered, len);
                    System.arraycopy(pipelined.array(), pipelined.position(), b, off, n);
                    pipelined.position(pipelined.position() + n);
                    return n;
                }
            }
            if (!nonBlocking) {
                return socketIn.read(b, off, len);
            }
            ByteBuffer target = ByteBuffer.wrap(b, off, len);
            while (true) {
                int n = channel.read(target);
                if (n != 0) {
                    return n;
                }
                await(SelectionKey.OP_READ);
            }
        }

        @Override
        public int available() throws IOException {
            synchronized (this) {
                if (pipelined.buffered() > 0) {
                    return pipelined.buffered();
                }
            }
            return nonBlocking ? 0 : socketIn.available();
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (!nonBlocking) {
                socketOut.write(b, off, len);  // the watchdog cuts off a client that stopped reading
                return;
            }
            ByteBuffer source = ByteBuffer.wrap(b, off, len);
            long stallLimit = server.options().idleTimeout().toNanos();
            long progress = System.nanoTime();
            while (source.hasRemaining()) {
                if (channel.write(source) > 0) {
                    progress = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - progress > stallLimit) {
                    connection.close();
                    throw new IOException("client stopped reading for "
                            + TimeUnit.NANOSECONDS.toSeconds(stallLimit) + " s");
                }
                await(SelectionKey.OP_WRITE);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!nonBlocking) {
                socketOut.flush();
            }
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
