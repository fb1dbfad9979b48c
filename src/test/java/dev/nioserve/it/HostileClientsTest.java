package dev.nioserve.it;

import static dev.nioserve.it.HostileSockets.ascii;
import static dev.nioserve.it.HostileSockets.plain;
import static dev.nioserve.it.HostileSockets.reset;
import static dev.nioserve.it.HostileSockets.tls;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.config.Settings;
import dev.nioserve.http.HttpLimits;
import dev.nioserve.support.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crowds of clients that misbehave the way attackers and broken clients do: random bytes, resets
 * at every step of a connection, a thousand pipelined requests and no reading, slowloris heads, slow
 * readers of a gigabyte file, and bytes after close_notify. Each test ends as every hostile test
 * must: nothing left open or lent, no warning logged, descriptors back, a loop that idles.
 */
@Timeout(120)
class HostileClientsTest {
    /** Short enough to keep the tests fast, long enough that a loaded machine still meets it. */
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Below the per-address connection limit, so every socket here reaches the server. */
    private static final int CROWD = 200;

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(
                new Settings.Timeouts(
                        DEADLINE, DEADLINE, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1)),
                HttpLimits.DEFAULT);
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

    @Test
    void crowdOfSilentSocketsIsClosedAtTheHandshakeDeadlineWhileARealClientIsServed() throws Exception {
        long fds = HostileSockets.openDescriptors();
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < CROWD; i++) {
                silent.add(plain(server.port()));
            }
            long opened = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openConnections() == CROWD);
            assertTrue(realRequestSeconds() < DEADLINE.toSeconds(), "served before the crowd was cleared");

            await().atMost(DEADLINE.plusMillis(1500))
                    .until(() -> server.server().openConnections() == 0);
            double seconds = (System.nanoTime() - opened) / 1e9;
            assertTrue(seconds >= DEADLINE.toSeconds() - 0.2, "closed after " + seconds + " s, before the deadline");
            for (Socket socket : silent) {
                assertEquals(-1, readOrReset(socket.getInputStream()), "EOF on every silent socket");
            }
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
        HostileSockets.assertRecovered(server, fds);
    }

    private static double realRequestSeconds() throws IOException {
        long start = System.nanoTime();
        try (Socket plain = plain(server.port());
                SSLSocket tls = tls(plain, "TLSv1.3")) {
            tls.getOutputStream().write(ascii("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            List<String> answer = HostileSockets.readResponses(tls.getInputStream(), 1);
            assertTrue(answer.get(0).endsWith("0123456789"), answer.toString());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    @Test
    void twoThousandConnectionsOfRandomBytesLeaveNothingBehind() throws Exception {
        long fds = HostileSockets.openDescriptors();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                Random random = new Random(20261204L + i);
                done.add(clients.submit(() -> {
                    sendGarbage(random);
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            clients.shutdownNow();
        }
        HostileSockets.assertRecovered(server, fds);
    }

    /** Random bytes, often dressed as a TLS record header or an HTTP line, then FIN, RST or a close. */
    private static void sendGarbage(Random random) throws IOException {
        byte[] noise = new byte[1 + random.nextInt(6000)];
        random.nextBytes(noise);
        switch (random.nextInt(5)) {
            case 0 -> { // a record header of any type, version and length
                noise[0] = (byte) (20 + random.nextInt(5));
                noise[1] = 3;
            }
            case 1 -> noise = ascii("GET /" + Integer.toHexString(random.nextInt()) + " HTTP/1.1\r\nHost: x\r\n");
            case 2 -> noise = new byte[] {21, 3, 3, 0, 2, 2, (byte) random.nextInt(256)}; // an alert first
            case 3 -> noise[0] = (byte) 0x80; // an SSLv2-style header
            default -> {} // pure noise
        }
        try (Socket socket = plain(server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(noise);
            switch (random.nextInt(3)) {
                case 0 -> {
                    socket.shutdownOutput();
                    socket.getInputStream().readAllBytes();
                }
                case 1 -> reset(socket);
                default -> {} // a plain close; unread answers turn it into a reset anyway
            }
        } catch (SocketException resetByServer) {
            // refusing with a reset is one clean way to refuse
        }
    }

    @Test
    void clientsResetAtEveryStepLeaveNothingBehind() throws Exception {
        long fds = HostileSockets.openDescriptors();
        byte[] hello = HostileSockets.truncatedClientHello();
        for (int round = 0; round < 20; round++) {
            try (Socket plain = plain(server.port())) {
                plain.getOutputStream().write(hello);
                reset(plain);
            }
            for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                resetAfter(protocol, "");
                resetAfter(protocol, "GET /a.txt HTTP/1.1\r\nHost: loc");
                resetAfter(protocol, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
                resetAfter(protocol, "POST /a.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999\r\n\r\nxyz");
                resetAfter(protocol, "GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(50));
            }
        }
        HostileSockets.assertRecovered(server, fds);
    }

    /** Completes a handshake, sends {@code request}, reads a little of any answer, then resets. */
    private static void resetAfter(String protocol, String request) throws IOException {
        Socket plain = plain(server.port());
        SSLSocket tls = tls(plain, protocol);
        if (!request.isEmpty()) {
            tls.getOutputStream().write(ascii(request));
        }
        if (request.endsWith("\r\n\r\n")) {
            tls.getInputStream().readNBytes(1000); // mid-body for big.bin
        }
        reset(plain);
    }

    @Test
    void thousandPipelinedRequestsSentWithoutReadingAreAllAnsweredInOrder() throws Exception {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            requests.append("GET ")
                    .append(i % 2 == 0 ? "/a.txt" : "/sub/")
                    .append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        try (Socket plain = plain(server.port());
                SSLSocket tls = tls(plain, "TLSv1.3")) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    tls.getOutputStream().write(ascii(requests.toString()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // The client reads nothing for a while; the server's memory must not grow with its backlog.
            await().pollDelay(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> true);
            assertTrue(
                    server.server().buffersLent() <= 4,
                    "buffers lent: " + server.server().buffersLent());

            List<String> answers = HostileSockets.readResponses(tls.getInputStream(), 1000);
            writer.join();
            assertEquals(1000, answers.size());
            for (int i = 0; i < answers.size(); i++) {
                String expected = i % 2 == 0 ? "0123456789" : "<h1>sub</h1>\n";
                assertTrue(answers.get(i).startsWith("HTTP/1.1 200 "), answers.get(i));
                assertTrue(answers.get(i).endsWith(expected), "response " + i + " out of order");
            }
        }
    }

    @Test
    void slowlorisCrowdGets408AtTheRequestDeadlineAndDoesNotDelayARealClient() throws Exception {
        List<Socket> plains = new ArrayList<>();
        List<SSLSocket> tricklers = new ArrayList<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService readers = Executors.newCachedThreadPool();
        try {
            for (int i = 0; i < 100; i++) {
                plains.add(plain(server.port()));
                tricklers.add(tls(plains.get(i), "TLSv1.3"));
                tricklers.get(i).getOutputStream().write(ascii("GET / HTTP/1.1\r\nHost: localhost\r\n"));
            }
            long started = System.nanoTime();
            pacer.scheduleAtFixedRate(() -> trickle(tricklers), 0, 250, TimeUnit.MILLISECONDS);
            // Each answer is read as it comes, so none is lost to the reset of a close under fire.
            List<Future<String>> answers = new ArrayList<>();
            for (SSLSocket tls : tricklers) {
                answers.add(readers.submit(() -> new String(tls.getInputStream().readAllBytes(), ISO_8859_1)));
            }
            assertTrue(realRequestSeconds() < DEADLINE.toSeconds(), "a real client waited behind the crowd");

            for (Future<String> answer : answers) {
                assertTrue(answer.get().startsWith("HTTP/1.1 408 "), answer.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds < DEADLINE.toSeconds() + 2, "the last 408 came after " + seconds + " s");
        } finally {
            pacer.shutdownNow();
            readers.shutdownNow();
            for (Socket plain : plains) {
                plain.close();
            }
        }
    }

    /** One more header line on every trickling connection; those the server closed are skipped. */
    private static void trickle(List<SSLSocket> tricklers) {
        for (SSLSocket tls : tricklers) {
            try {
                tls.getOutputStream().write(ascii("X-Trickle: 1\r\n"));
            } catch (IOException closedByServer) {
                // the 408 came; the reader checks it
            }
        }
    }

    @Test
    void slowReadersOfAGigabyteFileHoldBoundedBuffersAndGiveBackTheFile() throws Exception {
        try (RandomAccessFile huge =
                new RandomAccessFile(server.root().resolve("huge.bin").toFile(), "rw")) {
            huge.setLength(1L << 30); // sparse: a gigabyte on the wire, nothing on disk
        }
        long fds = HostileSockets.openDescriptors();
        List<Socket> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Socket plain = plain(server.port());
                readers.add(plain);
                SSLSocket tls = tls(plain, "TLSv1.3");
                tls.getOutputStream().write(ascii("GET /huge.bin HTTP/1.1\r\nHost: localhost\r\n\r\n"));
                tls.getInputStream().readNBytes(64 * 1024);
            }
            long files = HostileSockets.descriptorsOn("huge.bin");
            assertTrue(files <= 10, files + " descriptors on the file for 10 readers");
            // The server first fills each reader's socket buffers (megabytes on loopback); after that
            // the loop must go idle, and a spinning one never does.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(15))
                    .untilAsserted(() -> {
                        long cpu = HostileSockets.loopCpuMillisOverASecond(server);
                        assertTrue(cpu < 100, "the loop used " + cpu + " ms of CPU while the readers slept");
                    });
            int lent = server.server().buffersLent();
            assertTrue(lent <= 10 * 3, lent + " buffers lent to 10 stalled readers");
        } finally {
            for (Socket plain : readers) {
                reset(plain);
            }
        }
        HostileSockets.assertRecovered(server, fds);
        assertEquals(0, HostileSockets.descriptorsOn("huge.bin"), "every reader's file closed");
    }

    @Test
    void bytesAfterTheClientsCloseNotifyDoNotKeepTheConnectionOpen() throws Exception {
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (Socket plain = plain(server.port());
                    SSLSocket tls = tls(plain, protocol)) {
                tls.getOutputStream().write(ascii("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"));
                assertEquals(
                        1, HostileSockets.readResponses(tls.getInputStream(), 1).size());
                tls.shutdownOutput(); // our close_notify; TCP stays open
                long start = System.nanoTime();
                keepWriting(plain, ascii("\u0017\u0003\u0003\u0000\u0010" + "x".repeat(16)));
                await().atMost(Duration.ofSeconds(2))
                        .until(() -> server.server().openConnections() == 0);
                assertTrue((System.nanoTime() - start) / 1e9 < 2, "the server let the peer go on writing");
            }
        }
    }

    /** Writes {@code bytes} again and again for up to a second, until the server's close stops it. */
    private static void keepWriting(Socket plain, byte[] bytes) {
        long end = System.nanoTime() + 1_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                plain.getOutputStream().write(bytes);
            }
        } catch (IOException closedByServer) {
            // what should happen
        }
    }
}
