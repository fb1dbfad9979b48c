package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDK's own HTTPS clients against the running server, alone and two hundred at once. */
@Timeout(120)
class RealClientsTest {
    private static RunningServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        // The test certificate names localhost; the JDK client checks names unless told not to.
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        server = RunningServer.start();
        http = HttpClient.newBuilder()
                .sslContext(TestCertificates.trustingClientContext())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void buffersComeBackOnceClientsAreIdle() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.server().buffersLent() == 0);
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void timePageAnswersLikeTheChaptersTimeServer() throws Exception {
        HttpResponse<byte[]> response = get("/time");
        assertEquals(200, response.statusCode());
        assertEquals(
                "text/plain; charset=utf-8",
                response.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("cache-control").orElseThrow());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).startsWith("Local time is: "));
    }

    @Test
    void everyResponseCarriesDateServerTypeAndLength() throws Exception {
        for (String path : new String[] {"/", "/a.txt", "/time", "/missing", "/empty.txt"}) {
            HttpResponse<byte[]> response = get(path);
            for (String field : new String[] {"date", "server", "content-type", "content-length"}) {
                assertTrue(response.headers().firstValue(field).isPresent(), path + " lacks " + field);
            }
        }
    }

    @Test
    void filesAndIndexesAreServedAndMissingOnesAre404() throws Exception {
        assertArrayEquals(
                "0123456789".getBytes(StandardCharsets.US_ASCII), get("/a.txt").body());
        assertEquals("<h1>home</h1>\n", new String(get("/").body(), StandardCharsets.UTF_8));
        assertEquals("<h1>sub</h1>\n", new String(get("/sub/").body(), StandardCharsets.UTF_8));
        assertEquals(0, get("/empty.txt").body().length);
        assertEquals(404, get("/missing").statusCode());
        assertArrayEquals(server.file("big.bin"), get("/big.bin").body());
    }

    @Test
    void traversalSpellingsNeverReachOutsideTheRoot() throws Exception {
        String[] spellings = {
            "/%2e%2e/outside/secret.txt",
            "/%2E%2e/%2e%2E/outside/secret.txt",
            "/sub/%2e%2e/%2e%2e/outside/secret.txt",
            "/.%2e/outside/secret.txt",
            "/%252e%252e/outside/secret.txt",
            "/..%2foutside%2fsecret.txt",
            "/..%5coutside%5csecret.txt",
            "/link-out",
            "/%c0%ae%c0%ae/outside/secret.txt",
            "/a.txt%00"
        };
        for (String path : spellings) {
            HttpResponse<byte[]> response = get(path);
            assertTrue(response.statusCode() >= 400, path + " gave " + response.statusCode());
            assertTrue(!new String(response.body(), StandardCharsets.ISO_8859_1).contains("TOPSECRET"), path);
        }
    }

    @Test
    void twoHundredConnectionsMakingTwentyKeepAliveRequestsEachAreAllAnswered() throws Exception {
        int before = server.server().openConnections(); // the HttpClient keeps its own pooled one
        ExecutorService clients = Executors.newFixedThreadPool(200);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(clients.submit(() -> twentyRequestsOnOneConnection()));
            }
            int answered = 0;
            for (Future<Integer> result : results) {
                answered += result.get();
            }
            assertEquals(4000, answered);
        } finally {
            clients.shutdownNow();
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.server().openConnections() <= before);
    }

    private static int twentyRequestsOnOneConnection() throws IOException {
        try (SSLSocket socket = (SSLSocket)
                TestCertificates.trustingClientContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int answered = 0;
            for (int i = 0; i < 20; i++) {
                String path = i % 2 == 0 ? "/a.txt" : "/time";
                out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                byte[] body = in.readNBytes(length);
                if (head.startsWith("HTTP/1.1 200 OK")
                        && (i % 2 == 1 || new String(body, StandardCharsets.US_ASCII).equals("0123456789"))) {
                    answered++;
                }
            }
            return answered;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed inside a head");
            }
            head.write(b);
            state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
