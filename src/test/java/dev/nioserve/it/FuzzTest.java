package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.support.MemoryChannel;
import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TestCertificates;
import dev.nioserve.support.TlsTestClient;
import dev.nioserve.tls.BufferAllocator;
import dev.nioserve.tls.Need;
import dev.nioserve.tls.TlsSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutations of real ClientHellos and request heads, through the in-memory engine pair and
 * through real sockets. Whatever arrives, the server answers with a status or closes, logs no
 * warning, and afterwards holds no more descriptors or buffers than before, on a loop that idles.
 */
@Timeout(300)
class FuzzTest {
    private static final long SEED = 20261204L;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 [1-5]\\d\\d [^\r\n]*\r\n(?s).*");
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] clientHello(String protocol) throws IOException {
        SSLEngine client = TestCertificates.trustingClientContext().createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {protocol});
        ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** One random edit of a valid input: flip bytes, cut it, repeat a part, or splice in noise. */
    static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> {
                int at = random.nextInt(bytes.length);
                byte[] longer = Arrays.copyOf(bytes, bytes.length + at);
                System.arraycopy(bytes, 0, longer, bytes.length, at);
                bytes = longer;
            }
            case 3 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            default -> {
                int at = random.nextInt(bytes.length);
                byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                byte[] spliced = new byte[bytes.length + noise.length];
                System.arraycopy(bytes, 0, spliced, 0, at);
                System.arraycopy(noise, 0, spliced, at, noise.length);
                System.arraycopy(bytes, at, spliced, at + noise.length, bytes.length - at);
                bytes = spliced;
            }
        }
        return bytes;
    }

    @Test
    void mutatedClientHellosNeverThrowAnythingButSslExceptionAndNeverLoop() throws IOException {
        Random random = new Random(SEED);
        byte[][] hellos = {clientHello("TLSv1.3"), clientHello("TLSv1.2")};
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            MemoryChannel[] pair = MemoryChannel.pair();
            SSLEngine engine = TestCertificates.serverContext().createSSLEngine();
            engine.setUseClientMode(false);
            TlsSession session = new TlsSession(engine, pair[1], BufferAllocator.HEAP);
            pair[1].inject(mutate(hellos[i % 2], random));
            pair[0].shutdownOutput();
            try {
                Need need = Need.TASK;
                for (int step = 0; step < 50 && need == Need.TASK; step++) {
                    need = session.handshake();
                    Runnable task;
                    while ((task = session.delegatedTask()) != null) {
                        task.run();
                    }
                }
                assertTrue(need != Need.TASK, "still running tasks after 50 steps");
            } catch (SSLException expected) {
                refused++;
                session.sendAlertAfterFailure();
            }
        }
        assertTrue(refused > 500, "mutations must reach the refusal path, not only truncation: " + refused);
    }

    @Test
    void mutatedClientHellosOverRealSocketsLeaveNothingBehind() throws IOException {
        long fds = openDescriptors();
        Random random = new Random(SEED + 1);
        byte[][] hellos = {clientHello("TLSv1.3"), clientHello("TLSv1.2")};
        for (int i = 0; i < 1000; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(mutate(hellos[i % 2], random));
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                in.readAllBytes();
            } catch (java.net.SocketException reset) {
                // a reset is one clean way to refuse
            }
        }
        assertServerRecovered(fds);
    }

    @Test
    void mutatedRequestHeadsGetAStatusOrACloseAndNothingElse() throws IOException {
        long fds = openDescriptors();
        Random random = new Random(SEED + 2);
        byte[] valid = ("GET /a.txt?x=1 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nContent-Length: 3\r\n"
                        + "Connection: close\r\n\r\nabc")
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 1000; i++) {
            try (TlsTestClient client = TlsTestClient.connect(server.port())) {
                client.send(mutate(valid, random));
                client.shutdownOutput();
                String answer = client.readToEnd();
                assertTrue(answer.isEmpty() || STATUS_LINE.matcher(answer).matches(), answer);
                assertTrue(!answer.contains(" 500 "), answer);
            }
        }
        assertServerRecovered(fds);
    }

    private static void assertServerRecovered(long fdsBefore) throws IOException {
        server.awaitQuiet();
        server.assertNoWarnings();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> openDescriptors() <= fdsBefore + 2);
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(client.readToEnd().endsWith("0123456789"), "still serving");
        }
        server.awaitQuiet();
        long before = server.loopCpuNanos();
        org.awaitility.Awaitility.await()
                .pollDelay(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> true);
        long used = server.loopCpuNanos() - before;
        assertTrue(used < 100_000_000L, "an idle loop used " + used / 1_000_000 + " ms of CPU in a second");
        assertEquals(0, server.server().openConnections());
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
