package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.config.Settings;
import dev.nioserve.http.HttpLimits;
import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TlsTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each deadline closes only the connection that missed it, at about the configured time. */
@Timeout(60)
class DeadlinesEndToEndTest {
    private static final Duration SHORT = Duration.ofSeconds(1);
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(new Settings.Timeouts(SHORT, SHORT, SHORT, SHORT, SHORT), HttpLimits.DEFAULT);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Seconds until the server closed a plain socket that sends {@code bytes} and then waits. */
    private static double secondsUntilClosed(byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            socket.getOutputStream().write(bytes);
            InputStream in = socket.getInputStream();
            try {
                in.readAllBytes();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("not closed within 10 s", e);
            } catch (java.net.SocketException reset) {
                // closed all the same
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    @Test
    void silentSocketIsClosedAtTheHandshakeDeadline() throws IOException {
        double seconds = secondsUntilClosed(new byte[0]);
        assertTrue(seconds >= 0.9 && seconds < 3, "closed after " + seconds + " s");
        server.awaitQuiet();
    }

    @Test
    void stalledHandshakeIsClosedAtTheHandshakeDeadline() throws IOException {
        double seconds = secondsUntilClosed(new byte[] {0x16, 3, 1, 2, 0, 1, 0, 1, (byte) 0xfc, 3, 3});
        assertTrue(seconds >= 0.9 && seconds < 3, "closed after " + seconds + " s");
        server.awaitQuiet();
    }

    @Test
    void idleKeepAliveConnectionIsClosedWithCloseNotify() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.readUntil("0123456789");
            long start = System.nanoTime();
            assertEquals("", client.readToEnd());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(client.closeNotifyReceived(), "idle close is a clean TLS close");
            assertTrue(seconds >= 0.8 && seconds < 3, "closed after " + seconds + " s");
        }
        server.awaitQuiet();
    }

    @Test
    void headTricklingInGets408AtTheRequestDeadlineHoweverSlowlyItComes() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            long start = System.nanoTime();
            client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n");
            String response = "";
            for (int i = 0; i < 40 && response.isEmpty(); i++) {
                try {
                    client.send("X-" + i + ": a\r\n"); // a byte every 100 ms keeps any per-byte timer alive
                } catch (IOException closed) {
                    break;
                }
                response = client.readFor(Duration.ofMillis(100));
            }
            response += client.readToEnd();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(response.startsWith("HTTP/1.1 408 Request Timeout\r\n"), response);
            assertTrue(seconds < 3, "408 after " + seconds + " s");
        }
        server.awaitQuiet();
    }

    @Test
    void readerThatTakesNothingIsClosedAtTheSendDeadline() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
            client.read(100);
            // The client now reads nothing; socket buffers fill and the server's send deadline runs.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(8))
                    .until(() -> server.server().openConnections() == 0);
        }
        server.awaitQuiet();
    }
}
