package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TestCertificates;
import dev.nioserve.tls.BufferAllocator;
import dev.nioserve.tls.Need;
import dev.nioserve.tls.TlsSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Case C63 for HTTP/1.1: pipelined requests, each in a TLS record of its own, all in one TCP
 * segment, after which the client only reads. Once the kernel's bytes are read OP_READ never
 * fires again, so a server that goes back to the selector with records still in netIn, plaintext
 * in appIn or parsed requests unanswered waits for a packet that never comes (tls-channel #233).
 */
@Timeout(60)
class RecordsInOneSegmentTest {
    private static final Pattern STATUS_200 = Pattern.compile("HTTP/1\\.1 200 ");
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void nothingIsLeftOpenOrLentAndNothingWarned() {
        server.awaitQuiet();
        server.assertNoWarnings();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void pipelinedRequestsInRecordsOfTheirOwnInOneSegmentAreAllAnswered(String protocol) throws Exception {
        int requests = 3;
        try (CorkedChannel net = CorkedChannel.open(server.port())) {
            TlsSession tls = handshake(net, protocol);
            net.cork();
            for (int i = 1; i <= requests; i++) {
                String close = i == requests ? "Connection: close\r\n" : "";
                tls.send(ascii("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n" + close + "\r\n"));
            }
            net.uncork();

            CompletableFuture<String> answers = CompletableFuture.supplyAsync(() -> readToEnd(tls));
            String text;
            try {
                text = answers.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("not every request was answered within 5 s", e);
            }
            assertEquals(requests, STATUS_200.matcher(text).results().count(), text);
        }
    }

    private static TlsSession handshake(CorkedChannel net, String protocol) throws IOException {
        SSLEngine engine = TestCertificates.trustingClientContext().createSSLEngine("localhost", server.port());
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {protocol});
        TlsSession tls = new TlsSession(engine, net, BufferAllocator.HEAP);
        Need need;
        while ((need = tls.handshake()) != Need.NOTHING) {
            assertNotEquals(Need.PEER_CLOSED, need, "the server closed during the handshake");
            Runnable task;
            while ((task = tls.delegatedTask()) != null) {
                task.run();
            }
        }
        return tls;
    }

    /** Reads plaintext until the server's close_notify or EOF; the socket blocks, so READ never comes back. */
    private static String readToEnd(TlsSession tls) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Need need;
            while ((need = tls.receive()) != Need.PEER_CLOSED) {
                Runnable task;
                while (need == Need.TASK && (task = tls.delegatedTask()) != null) {
                    task.run();
                }
                ByteBuffer appIn = tls.appIn();
                if (appIn != null) {
                    appIn.flip();
                    out.write(appIn.array(), appIn.arrayOffset() + appIn.position(), appIn.remaining());
                    appIn.clear();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A blocking socket whose writes can be held back, then sent in one write: one segment on loopback. */
    private static final class CorkedChannel implements ByteChannel {
        private final SocketChannel socket;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        /** While set, writes collect in {@link #held} instead of going out. */
        private boolean corked;

        private CorkedChannel(SocketChannel socket) {
            this.socket = socket;
        }

        static CorkedChannel open(int port) throws IOException {
            SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new CorkedChannel(socket);
        }

        void cork() {
            corked = true;
        }

        void uncork() throws IOException {
            corked = false;
            ByteBuffer all = ByteBuffer.wrap(held.toByteArray());
            while (all.hasRemaining()) {
                socket.write(all);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return socket.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!corked) {
                int n = src.remaining();
                while (src.hasRemaining()) {
                    socket.write(src);
                }
                return n;
            }
            int n = src.remaining();
            byte[] bytes = new byte[n];
            src.get(bytes);
            held.write(bytes, 0, n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
