package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.support.Command;
import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TlsTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS layer against real peers on loopback: close_notify both ways, a peer that leaves
 * mid-handshake, hostile first bytes, byte-at-a-time flights, post-handshake tickets, ALPN, and a
 * strict client that insists on a clean close (cases C01 to C03, C06, C07, C09, C10 and C16).
 * After each test every connection must be gone and every buffer back in the pool.
 */
@Timeout(120)
class TlsOverRealSocketsTest {
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
    void everyConnectionEndsAndReturnsItsBuffersWithoutAWarning() {
        server.awaitQuiet();
        server.assertNoWarnings();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientCloseNotifyIsAnsweredWithCloseNotifyThenFin(String protocol) throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port(), protocol)) {
            client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertTrue(client.readUntil("0123456789").startsWith("HTTP/1.1 200"));

            client.sendCloseNotify();
            assertEquals("", client.readToEnd());
            assertTrue(client.closeNotifyReceived(), "the server answered with close_notify");
            assertTrue(client.awaitTcpEof(), "the server closed TCP after close_notify");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void finWithoutCloseNotifyClosesQuietly(String protocol) throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port(), protocol)) {
            client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.readUntil("0123456789");
            client.shutdownOutput();
            server.awaitQuiet();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void connectionCloseEndsWithTheServersCloseNotify(String protocol) throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port(), protocol)) {
            client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(client.readToEnd().endsWith("0123456789"));
            assertTrue(client.closeNotifyReceived());
        }
    }

    @Test
    void strictPythonClientReadsToACleanCloseNotify() {
        String script =
                """
                import socket, ssl, os
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(os.environ["PORT"]))),
                                    server_hostname="localhost", suppress_ragged_eofs=False)
                s.settimeout(5)
                s.sendall(b"GET /a.txt HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n")
                data = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk: break
                    data += chunk
                print("CLEAN", data.endswith(b"0123456789"))
                """;
        Command.Result result = Command.run(
                new byte[0],
                30,
                java.util.Map.of("PORT", Integer.toString(server.port())),
                java.util.List.of("python3", "-c", script));
        assertEquals("CLEAN True\n", result.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tls12"})
    void pythonClientsCloseNotifyIsAnsweredWithinASecond(String version) {
        Command.Result result = Command.python("close_notify", server.port(), 30, version);
        assertTrue(result.output().contains("server answered close_notify"), result.output());
        assertTrue(result.output().contains("TCP read -> b''"), result.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dribble", "dribble tls12", "coalesce", "coalesce tls12"})
    void flightsDeliveredByteByByteOrCoalescedAreServed(String mode) {
        Command.Result result = Command.python("flight", server.port(), 60, mode.split(" "));
        assertTrue(result.output().contains("-> b'HTTP/1.1 200 OK'"), result.output());
    }

    @Test
    void truncatedClientHelloThenFinIsClosed() throws IOException {
        byte[] answer = rawExchange(new byte[] {0x16, 3, 1, 2, 0, 1, 0, 1, (byte) 0xfc, 3, 3}, true);
        assertTrue(answer.length == 0 || answer[0] == 0x15, "EOF or an alert");
    }

    @Test
    void sslv2StyleHelloIsRefusedCleanly() throws IOException {
        byte[] body = {1, 3, 1, 0, 9, 0, 0, 0, 16, 0, 0, 0x2f, 0, 0, 0x35, 0, 0, (byte) 0xff};
        byte[] hello = new byte[2 + body.length + 16];
        hello[0] = (byte) 0x80;
        hello[1] = (byte) (body.length + 16);
        System.arraycopy(body, 0, hello, 2, body.length);
        byte[] answer = rawExchange(hello, false);
        assertTrue(
                answer.length == 0 || answer[0] == 0x15,
                "EOF or an alert: " + HexFormat.of().formatHex(answer));
    }

    @Test
    void recordLongerThanTheProtocolAllowsGetsAnAlert() throws IOException {
        byte[] record = new byte[5 + 0x4801];
        record[0] = 0x16;
        record[1] = 3;
        record[2] = 1;
        record[3] = 0x48;
        record[4] = 0x01;
        byte[] answer = rawExchange(record, false);
        assertTrue(
                answer.length > 0 && answer[0] == 0x15,
                "an alert: " + HexFormat.of().formatHex(answer));
    }

    @Test
    void plainHttpOnTheTlsPortGetsAPlainHttpAnswer() throws IOException {
        byte[] answer =
                rawExchange("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
        String text = new String(answer, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("HTTP/1.1 "), text);
        assertTrue(text.contains("https://"), text);
    }

    /** Writes bytes on a plain socket and reads until EOF, which must come within 5 seconds. */
    private static byte[] rawExchange(byte[] bytes, boolean fin) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(bytes);
            if (fin) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            try {
                return in.readAllBytes();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close within 5 s", e);
            } catch (java.net.SocketException reset) {
                return new byte[0];
            }
        }
    }

    @Test
    void tls13TicketArrivesUnaskedAndTheSessionResumes() throws IOException {
        java.nio.file.Path session = java.nio.file.Files.createTempFile("nioserve-sess", ".pem");
        // As in case C10: stdin stays open a second, so the client reads what comes unasked.
        String client =
                "sleep 1 | openssl s_client -tls1_3 -connect 127.0.0.1:" + server.port() + " -servername localhost ";
        Command.Result first = Command.run(20, "bash", "-c", client + "-sess_out " + session);
        assertTrue(first.output().contains("Post-Handshake New Session Ticket"), first.output());
        Command.Result second = Command.run(20, "bash", "-c", client + "-sess_in " + session);
        assertTrue(second.output().contains("Reused, TLSv1.3"), second.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2,http/1.1", "h2", "foo"})
    void alpnNeverSelectsH2AndFallsBackToHttp11(String offered) {
        Command.Result result = Command.run(
                "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                20,
                java.util.Map.of(),
                java.util.List.of(
                        "openssl",
                        "s_client",
                        "-ign_eof",
                        "-connect",
                        "127.0.0.1:" + server.port(),
                        "-servername",
                        "localhost",
                        "-alpn",
                        offered));
        String out = result.output();
        if (offered.contains("http/1.1")) {
            assertTrue(out.contains("ALPN protocol: http/1.1"), out);
        } else {
            assertTrue(out.contains("No ALPN negotiated"), out);
        }
        assertFalse(out.contains("ALPN protocol: h2"));
        assertTrue(out.contains("HTTP/1.1 200 OK"), out);
    }

    @Test
    void clientInitiatedRenegotiationIsRefusedAtOnce() throws Exception {
        // openssl's "R" command asks to renegotiate; its input then stays open 8 more seconds, so
        // only the server's refusal can end the connection before that.
        java.util.concurrent.CompletableFuture<Command.Result> client =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> Command.run(
                        30,
                        "bash",
                        "-c",
                        "(sleep 1; echo R; sleep 8) | openssl s_client -tls1_2" + " -connect 127.0.0.1:" + server.port()
                                + " -servername localhost"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> server.server().openConnections() == 1);
        long start = System.nanoTime();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> server.server().openConnections() == 0);
        assertTrue((System.nanoTime() - start) / 1e9 < 4, "closed before the client's input ended");
        assertTrue(client.get().output().contains("RENEGOTIATING"), client.get().output());
        server.awaitQuiet();
    }

    @Test
    void clientKilledRightAfterServerHelloLeavesNothingBehind() {
        Command.run(
                new byte[0],
                20,
                java.util.Map.of(),
                java.util.List.of(
                        "timeout",
                        "-s",
                        "KILL",
                        "0.2",
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + server.port()));
        server.awaitQuiet();
    }

    @Test
    void opensslClientThatSendsCloseNotifyOnStdinEofLeavesNoSocketBehind() {
        for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
            for (int i = 0; i < 20; i++) {
                Command.run(
                        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        20,
                        java.util.Map.of(),
                        java.util.List.of(
                                "openssl",
                                "s_client",
                                version,
                                "-connect",
                                "127.0.0.1:" + server.port(),
                                "-servername",
                                "localhost"));
            }
        }
        server.awaitQuiet();
    }

    @Test
    void curlDownloadsTheBigFileIntact() throws IOException {
        Command.Result result = Command.run(60, "curl", "-sk", "https://127.0.0.1:" + server.port() + "/big.bin");
        assertEquals(0, result.exitCode(), result.output());
        assertArrayEquals(server.file("big.bin"), result.stdout());
    }

    @Test
    void curlGetsTheTimePage() {
        Command.Result result = Command.run(20, "curl", "-sk", "-i", "https://127.0.0.1:" + server.port() + "/time");
        String out = result.output();
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("Content-Type: text/plain; charset=utf-8\r\n"), out);
        assertTrue(out.contains("Cache-Control: no-store\r\n"), out);
        assertTrue(
                out.matches("(?s).*\r\n\r\nLocal time is: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\n"), out);
    }

    @Test
    void readerThatVanishesMidResponseIsClosedAndItsFileReleased() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.read(100_000);
        }
        server.awaitQuiet();
    }

    @Test
    void idleLoopUsesNoCpuAfterHostileClients() throws IOException {
        rawExchange(new byte[] {0x16, 3, 1, 2, 0, 1, 0, 1, (byte) 0xfc, 3, 3}, true);
        rawExchange("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
        server.awaitQuiet();
        long before = server.loopCpuNanos();
        org.awaitility.Awaitility.await()
                .pollDelay(java.time.Duration.ofSeconds(2))
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> true);
        long used = server.loopCpuNanos() - before;
        assertTrue(used < 200_000_000L, "loop used " + used / 1_000_000 + " ms of CPU in 2 s idle");
    }

    @Test
    void slowReaderHoldsBackTheFileWithoutSpinning() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /big.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String first = client.read(1000);
            long before = server.loopCpuNanos();
            org.awaitility.Awaitility.await()
                    .pollDelay(java.time.Duration.ofSeconds(2))
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> true);
            long used = server.loopCpuNanos() - before;
            assertTrue(used < 200_000_000L, "loop used " + used / 1_000_000 + " ms while the reader slept");
            String rest = client.readToEnd();
            assertTrue(first.length() + rest.length() > 1 << 20);
            byte[] big = server.file("big.bin");
            byte[] tail = rest.substring(rest.length() - 100).getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(Arrays.copyOfRange(big, big.length - 100, big.length), tail);
        }
    }
}
