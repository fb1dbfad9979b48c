package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.support.RunningServer;
import dev.nioserve.support.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

/**
 * Blocking sockets that misbehave on purpose, for the hostile-client tests: a TLS socket layered
 * on a plain one so the plain one can be reset (RST, no close_notify) at any step, raw first
 * flights, and the checks every hostile test ends with (descriptors, buffers, an idle loop).
 */
final class HostileSockets {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

    private HostileSockets() {}

    /** A plain TCP connection to the server with a read timeout, so no test can hang on it. */
    static Socket plain(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** TLS over {@code plain}, handshake done; closing it leaves {@code plain} open for a reset. */
    static SSLSocket tls(Socket plain, String protocol) throws IOException {
        SSLSocket tls = (SSLSocket) TestCertificates.trustingClientContext()
                .getSocketFactory()
                .createSocket(plain, "localhost", plain.getPort(), false);
        tls.setUseClientMode(true);
        tls.setEnabledProtocols(new String[] {protocol});
        tls.startHandshake();
        return tls;
    }

    /** Ends the connection with a TCP reset and no close_notify, as a killed client does. */
    static void reset(Socket plain) throws IOException {
        plain.setSoLinger(true, 0);
        plain.close();
    }

    /** The start of a ClientHello whose record header promises 512 bytes: a client cut off mid-flight. */
    static byte[] truncatedClientHello() {
        return new byte[] {0x16, 3, 1, 2, 0, 1, 0, 1, (byte) 0xfc, 3, 3};
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads {@code count} responses framed by Content-Length and gives back each one's head and body. */
    static List<String> readResponses(InputStream in, int count) throws IOException {
        List<String> responses = new ArrayList<>();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (responses.size() < count) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                Matcher length = CONTENT_LENGTH.matcher(text);
                int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
                responses.add(text + new String(in.readNBytes(bodyLength), StandardCharsets.ISO_8859_1));
                head.reset();
            }
        }
        return responses;
    }

    static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Descriptors of this JVM open on a file whose name is {@code fileName}. */
    static long descriptorsOn(String fileName) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).endsWith(fileName);
                        } catch (IOException gone) {
                            return false; // closed between the listing and the look
                        }
                    })
                    .count();
        }
    }

    /** CPU the loop thread uses over one second in which nothing is asked of it, in milliseconds. */
    static long loopCpuMillisOverASecond(RunningServer server) {
        long before = server.loopCpuNanos();
        org.awaitility.Awaitility.await()
                .pollDelay(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> true);
        return (server.loopCpuNanos() - before) / 1_000_000;
    }

    /**
     * What every hostile test must leave: no connection, no lent buffer, no warning, descriptors
     * back where they were, a loop that idles, and a server that still answers.
     */
    static void assertRecovered(RunningServer server, long descriptorsBefore) throws IOException {
        server.awaitQuiet();
        server.assertNoWarnings();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> openDescriptors() <= descriptorsBefore + 2);
        long cpu = loopCpuMillisOverASecond(server);
        assertTrue(cpu < 100, "an idle loop used " + cpu + " ms of CPU in a second");
        try (Socket plain = plain(server.port());
                SSLSocket tls = tls(plain, "TLSv1.3")) {
            tls.getOutputStream().write(ascii("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            List<String> answer = readResponses(tls.getInputStream(), 1);
            assertEquals(1, answer.size());
            assertTrue(
                    answer.get(0).startsWith("HTTP/1.1 200 ") && answer.get(0).endsWith("0123456789"));
        }
        server.awaitQuiet();
    }
}
