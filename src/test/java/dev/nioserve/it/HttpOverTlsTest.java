package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TlsTestClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 framing and error handling through real TLS on a real socket: pipelining, split heads,
 * and every kind of request the server must refuse with one status and a close (cases C17 to C22,
 * C25, C27 and C37 of the shared collection).
 */
@Timeout(60)
class HttpOverTlsTest {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3})");
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

    /** Sends raw request bytes, reads until the server closes, and returns what came back. */
    private static String exchange(String request) throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send(request);
            return client.readToEnd();
        }
    }

    private static List<Integer> statuses(String response) {
        List<Integer> found = new ArrayList<>();
        Matcher m = STATUS.matcher(response);
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    @Test
    void threePipelinedRequestsAreAnsweredInOrder() throws IOException {
        String response = exchange("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertEquals(List.of(200, 200, 200), statuses(response));
        int first = response.indexOf("0123456789");
        int home = response.indexOf("<h1>home</h1>");
        int last = response.lastIndexOf("0123456789");
        assertTrue(first > 0 && first < home && home < last, response);
    }

    @Test
    void headSplitInsideAHeaderNameIsServed() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /a.txt HTTP/1.1\r\nHo");
            client.send("st: localhost\r\nConnection: close\r\n\r\n");
            String response = client.readToEnd();
            assertEquals(List.of(200), statuses(response));
            assertTrue(response.endsWith("\r\n\r\n0123456789"), response);
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            for (int i = 0; i < 20; i++) {
                client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
                String response = client.readUntil("0123456789");
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                assertFalse(response.contains("Connection: close"));
            }
        }
    }

    @Test
    void headGivesGetsHeadersAndNoBodyBeforeTheNextResponse() throws IOException {
        String response = exchange("HEAD /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertEquals(List.of(200, 200), statuses(response));
        int second = response.indexOf("HTTP/1.1 200", 1);
        String head = response.substring(0, second);
        assertTrue(head.contains("Content-Length: 10\r\n"), head);
        assertFalse(head.contains("0123456789"), "HEAD sent a body");
        assertTrue(response.endsWith("0123456789"));
    }

    @Test
    void http10WithoutHostIsServedAndClosed() throws IOException {
        String response = exchange("GET /a.txt HTTP/1.0\r\n\r\n");
        assertEquals(List.of(200), statuses(response));
        assertTrue(response.contains("Connection: close\r\n"));
    }

    @Test
    void bareLineFeedsEndHeadLines() throws IOException {
        String response = exchange("GET /a.txt HTTP/1.1\nHost: localhost\nConnection: close\n\n");
        assertEquals(List.of(200), statuses(response));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // C17: repeated Content-Length, differing and equal
                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n"
                        + "GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5, 5\r\n\r\nhello",
                // C18: Content-Length with Transfer-Encoding, and codings that do not end in chunked
                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 6\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nX",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: identity\r\n\r\n",
                // C19: whitespace before the colon, no colon, empty name, tab inside a name
                "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding : chunked\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length 10\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: localhost\r\n: x\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: localhost\r\nFoo\tBar: 1\r\n\r\n",
                // C20: obs-fold with a tab and with a space
                "GET / HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\n\tTransfer-Encoding: chunked\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n",
                // C21: a bare CR inside the head, and no version at all
                "GET / HTTP/1.1\r\nHost: localhost\rX-Foo: 1\r\n\r\n",
                "GET /x\nHost: a\r\n\r\n",
                // C22: chunk sizes that overflow, carry garbage, a sign, or end in a bare LF
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "ffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n1X\r\nhello\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nhello\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5;ext\nhello\r\n0\r\n\r\n",
                // C25: Host missing, repeated or empty on HTTP/1.1
                "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: \r\n\r\n",
                // garbage
                "\u0001\u0002\u0003 garbage\r\n\r\n",
            })
    void malformedRequestGetsOne400AndAClose(String request) throws IOException {
        String response = exchange(request);
        assertEquals(List.of(400), statuses(response), response);
        assertTrue(response.contains("Connection: close\r\n"));
    }

    @Test
    void otherHttpVersionsGet505() throws IOException {
        assertEquals(List.of(505), statuses(exchange("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n")));
    }

    @Test
    void overlongRequestLineGets414() throws IOException {
        String response = exchange("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(List.of(414), statuses(response));
    }

    @Test
    void hugeHeaderSectionGets431() throws IOException {
        String response = exchange("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(1_000_000) + "\r\n\r\n");
        assertEquals(List.of(431), statuses(response));
    }

    @Test
    void knownMethodOtherThanGetOrHeadGets405WithAllow() throws IOException {
        String response = exchange("DELETE /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(List.of(405), statuses(response));
        assertTrue(response.contains("Allow: GET, HEAD\r\n"), response);
    }

    @Test
    void unknownMethodGets501() throws IOException {
        String response = exchange("BREW /pot HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(List.of(501), statuses(response));
    }

    @Test
    void validBodiesAreDiscardedAndTheConnectionStaysInStep() throws IOException {
        String response = exchange("POST /a.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /a.txt HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(List.of(405, 405, 200), statuses(response));
    }

    @Test
    void expectContinueOnARefusedRequestGetsTheFinalStatusAtOnceAndACloseWithoutA100() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send(
                    "POST /a.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
            String response = client.readToEnd();
            assertEquals(List.of(405), statuses(response));
            assertFalse(response.contains("100 Continue"));
        }
    }

    @Test
    void expectContinueOnAServedRequestGets100ThenTheResponse() throws IOException {
        try (TlsTestClient client = TlsTestClient.connect(server.port())) {
            client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", client.readUntil("\r\n\r\n"));
            client.send("abc");
            String response = client.readToEnd();
            assertEquals(List.of(200), statuses(response));
            assertTrue(response.endsWith("0123456789"));
        }
    }
}
