package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.config.Settings;
import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TlsTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Plain HTTP on the TLS port, connection limits and the response policy, each on a server of its own settings. */
@Timeout(60)
class PlainHttpAndLimitsTest {

    private static RunningServer startWith(Settings.ConnectionLimits connections, Settings.Policy policy) {
        return RunningServer.start(s -> new Settings(
                s.host(), s.port(), s.root(), s.tls(), s.limits(), s.timeouts(), connections, s.files(), policy));
    }

    private static String plain(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void plainGetIsRedirectedToHttpsKeepingPathAndQuery() throws IOException {
        try (RunningServer server = RunningServer.start()) {
            int port = server.port();
            String answer = plain(port, "GET /a.txt?x=1 HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 301 Moved Permanently\r\n"), answer);
            server.assertNoWarnings();
            assertTrue(answer.contains("\r\nLocation: https://localhost:" + port + "/a.txt?x=1\r\n"), answer);

            String split = plain(port, "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(split.startsWith("HTTP/1.1 301"), split);
            assertFalse(split.contains("use https://"), "HEAD gets no body");
            server.awaitQuiet();
        }
    }

    @Test
    void plainRequestsThatCannotBeRedirectedGet400() throws IOException {
        try (RunningServer server = RunningServer.start()) {
            int port = server.port();
            for (String request : new String[] {
                "POST /a.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc",
                "GET / HTTP/1.1\r\nHost: evil.example/x\r\n\r\n",
                "GET / HTTP/1.0\r\n\r\n",
                "GET / HTTP/1.1\r\n\r\n",
                "BLAH\r\n\r\n"
            }) {
                String answer = plain(port, request);
                assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
                assertTrue(answer.endsWith("use https:// instead.\n"), answer);
                assertFalse(answer.contains("Location"), answer);
            }
            server.awaitQuiet();
        }
    }

    @Test
    void rejectModeAnswersEveryPlainRequestWith400() throws IOException {
        Settings.Policy reject = new Settings.Policy(null, Settings.PlainHttp.REJECT, false);
        try (RunningServer server = startWith(Settings.ConnectionLimits.DEFAULT, reject)) {
            String answer = plain(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        }
    }

    @Test
    void hstsAddsStrictTransportSecurityToEveryResponse() throws IOException {
        Settings.Policy hsts = new Settings.Policy(Duration.ofDays(365), Settings.PlainHttp.REDIRECT, false);
        try (RunningServer server = startWith(Settings.ConnectionLimits.DEFAULT, hsts);
                TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /missing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String response = client.readToEnd();
            assertTrue(response.contains("\r\nStrict-Transport-Security: max-age=31536000\r\n"), response);
            assertTrue(response.contains("\r\nServer: nioserve\r\n"), response);
        }
    }

    @Test
    void connectionsPastThePerAddressLimitAreClosedAtOnceWhileOthersAreServed() throws IOException {
        try (RunningServer server = startWith(new Settings.ConnectionLimits(100, 3), Settings.Policy.DEFAULT)) {
            List<TlsTestClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(TlsTestClient.connect(server.port()));
                }
                org.junit.jupiter.api.Assertions.assertThrows(
                        IOException.class, () -> TlsTestClient.connect(server.port()));
                held.get(0).send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertTrue(held.get(0).readUntil("0123456789").startsWith("HTTP/1.1 200"));
            } finally {
                for (TlsTestClient client : held) {
                    client.close();
                }
            }
            server.awaitQuiet();
            try (TlsTestClient again = TlsTestClient.connect(server.port())) {
                again.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertTrue(again.readToEnd().endsWith("0123456789"), "a slot freed by a close is usable again");
            }
        }
    }

    @Test
    void connectionsPastTheServerLimitAreClosedAtOnce() throws IOException {
        try (RunningServer server = startWith(new Settings.ConnectionLimits(2, 10), Settings.Policy.DEFAULT);
                TlsTestClient first = TlsTestClient.connect(server.port());
                TlsTestClient second = TlsTestClient.connect(server.port())) {
            org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> TlsTestClient.connect(server.port()));
            assertEquals(2, server.server().openConnections());
        }
    }

    @Test
    void stoppingWithIdleConnectionsClosesThemWithoutAWarning() throws IOException, InterruptedException {
        RunningServer server = RunningServer.start();
        List<TlsTestClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                TlsTestClient client = TlsTestClient.connect(server.port());
                idle.add(client);
                client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
                client.readUntil("0123456789");
            }
            server.server().stop(Duration.ofSeconds(2));
            for (TlsTestClient client : idle) {
                assertEquals("", client.readToEnd());
                assertTrue(client.closeNotifyReceived(), "an idle connection gets close_notify at shutdown");
            }
            assertEquals(0, server.server().openConnections());
            server.assertNoWarnings();
        } finally {
            for (TlsTestClient client : idle) {
                client.close();
            }
        }
    }

    @Test
    void idleKeepAliveConnectionsHoldNoBuffers() throws IOException {
        try (RunningServer server = RunningServer.start()) {
            List<TlsTestClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    TlsTestClient client = TlsTestClient.connect(server.port());
                    idle.add(client);
                    client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    client.readUntil("0123456789");
                }
                assertEquals(50, server.server().openConnections());
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> server.server().buffersLent() == 0);
            } finally {
                for (TlsTestClient client : idle) {
                    client.close();
                }
            }
        }
    }
}
