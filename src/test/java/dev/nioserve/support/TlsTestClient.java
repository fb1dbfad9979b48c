package dev.nioserve.support;

import dev.nioserve.tls.BufferAllocator;
import dev.nioserve.tls.Need;
import dev.nioserve.tls.TlsSession;
import dev.nioserve.tls.TlsState;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLEngine;

/**
 * A TLS client on a real socket for end-to-end tests that need control a stock client does not
 * give: close_notify without FIN, FIN without close_notify, bytes cut at chosen places. Every
 * wait has a deadline, so a server that never answers fails the test instead of hanging it.
 */
public final class TlsTestClient implements Closeable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final Selector selector;
    private final TlsSession tls;

    private TlsTestClient(SocketChannel channel, Selector selector, TlsSession tls) {
        this.channel = channel;
        this.selector = selector;
        this.tls = tls;
    }

    public static TlsTestClient connect(int port, String... protocols) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        SSLEngine engine = TestCertificates.trustingClientContext().createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        if (protocols.length > 0) {
            engine.setEnabledProtocols(protocols);
        }
        TlsTestClient client =
                new TlsTestClient(channel, Selector.open(), new TlsSession(engine, channel, BufferAllocator.HEAP));
        client.await(client.tls::handshake, TlsState.OPEN);
        return client;
    }

    public SSLEngine engine() {
        return tls.engine();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Need need = tls.send(src);
            if (need == Need.NOTHING) {
                return;
            }
            waitFor(need, end);
        }
    }

    /** Reads plaintext until {@code count} bytes have come or the server ends the stream. */
    public String read(int count) throws IOException {
        return readUntil(out -> out.size() >= count);
    }

    /** Reads plaintext until the text read so far contains {@code marker} or the stream ends. */
    public String readUntil(String marker) throws IOException {
        return readUntil(out -> out.toString(StandardCharsets.ISO_8859_1).contains(marker));
    }

    /** Reads whatever plaintext arrives within {@code wait}: empty when none came, never a failure. */
    public String readFor(Duration wait) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long end = System.nanoTime() + wait.toNanos();
        while (out.size() == 0) {
            Need need = tls.receive();
            take(out);
            long left = (end - System.nanoTime()) / 1_000_000;
            if (need == Need.PEER_CLOSED || left <= 0) {
                break;
            }
            if (need == Need.READ) {
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                selector.select(left);
                selector.selectedKeys().clear();
                key.interestOps(0);
            } else if (need != Need.NOTHING) {
                waitFor(need, end);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads everything until the server's close_notify or EOF. */
    public String readToEnd() throws IOException {
        return readUntil(out -> false);
    }

    private String readUntil(java.util.function.Predicate<ByteArrayOutputStream> done) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.test(out)) {
            Need need = tls.receive();
            if (need == Need.PEER_CLOSED) {
                break;
            }
            take(out);
            if (need != Need.NOTHING) {
                waitFor(need, end);
            }
        }
        take(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private void take(ByteArrayOutputStream out) {
        ByteBuffer appIn = tls.appIn();
        if (appIn == null) {
            return;
        }
        appIn.flip();
        try {
            byte[] chunk = new byte[appIn.remaining()];
            appIn.get(chunk);
            out.write(chunk, 0, chunk.length);
        } finally {
            appIn.compact();
        }
    }

    /** True once the server's close_notify has been read. */
    public boolean closeNotifyReceived() {
        return tls.closeNotifyReceived();
    }

    /** Sends our close_notify and keeps TCP open, as TLS 1.3 half-close allows. */
    public void sendCloseNotify() throws IOException {
        long end = System.nanoTime() + WAIT.toNanos();
        Need need;
        while ((need = tls.close()) != Need.NOTHING) {
            waitFor(need, end);
        }
    }

    /** After close_notify both ways: waits for the server's FIN, true when it came in time. */
    public boolean awaitTcpEof() throws IOException {
        long end = System.nanoTime() + WAIT.toNanos();
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        while (System.nanoTime() < end) {
            scratch.clear();
            int n = channel.read(scratch);
            if (n < 0) {
                return true;
            }
            if (n == 0) {
                waitFor(Need.READ, end);
            }
        }
        return false;
    }

    /** Sends FIN without close_notify. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    private void await(IoStep step, TlsState target) throws IOException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (tls.state() != target) {
            Need need = step.run();
            if (need == Need.TASK) {
                Runnable task;
                while ((task = tls.delegatedTask()) != null) {
                    task.run();
                }
            } else if (need == Need.PEER_CLOSED) {
                throw new IOException("server closed during the handshake");
            } else if (need != Need.NOTHING) {
                waitFor(need, end);
            }
        }
    }

    private void waitFor(Need need, long endNanos) throws IOException {
        if (need == Need.TASK) {
            Runnable task;
            while ((task = tls.delegatedTask()) != null) {
                task.run();
            }
            return;
        }
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new IOException("timed out waiting for " + need);
        }
        int ops = need == Need.WRITE ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        SelectionKey key = channel.register(selector, ops);
        selector.select(left);
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    @FunctionalInterface
    private interface IoStep {
        Need run() throws IOException;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
