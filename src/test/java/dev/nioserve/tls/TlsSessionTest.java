package dev.nioserve.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nioserve.support.MemoryChannel;
import dev.nioserve.support.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives a client and a server {@link TlsSession} against each other over memory channels that
 * cut the byte stream wherever the test says, so every BUFFER_UNDERFLOW, every coalesced flight
 * and every full socket happens on purpose.
 */
@Timeout(60)
class TlsSessionTest {
    /** More steps than any handshake needs even one byte at a time; reaching it means a stall. */
    private static final int MAX_STEPS = 200_000;

    private static final byte[] REQUEST =
            "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A client and a server session joined by two memory channels. */
    private static final class Pair {
        final MemoryChannel clientNet;
        final MemoryChannel serverNet;
        final TlsSession client;
        final TlsSession server;

        Pair(String protocol, IntSupplier pieces) throws SSLException {
            MemoryChannel[] channels = MemoryChannel.pair();
            clientNet = channels[0].readPieces(pieces);
            serverNet = channels[1].readPieces(pieces);
            SSLEngine serverEngine = TestCertificates.serverContext().createSSLEngine();
            serverEngine.setUseClientMode(false);
            SSLEngine clientEngine = TestCertificates.trustingClientContext().createSSLEngine("localhost", 443);
            clientEngine.setUseClientMode(true);
            clientEngine.setEnabledProtocols(new String[] {protocol});
            client = new TlsSession(clientEngine, clientNet, BufferAllocator.HEAP);
            server = new TlsSession(serverEngine, serverNet, BufferAllocator.HEAP);
        }

        void handshake() throws IOException {
            for (int i = 0; i < MAX_STEPS; i++) {
                Need c = step(client);
                Need s = step(server);
                if (c == Need.NOTHING && s == Need.NOTHING) {
                    return;
                }
            }
            fail("handshake stalled");
        }

        /** Sends all of {@code data} from one side and collects it on the other, moving both as needed. */
        byte[] transfer(TlsSession from, TlsSession to, byte[] data) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(data);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int i = 0; i < MAX_STEPS && got.size() < data.length; i++) {
                from.send(src);
                Need need = to.receive();
                runTasks(to, need);
                takePlaintext(to, got);
            }
            return got.toByteArray();
        }
    }

    private static Need step(TlsSession session) throws IOException {
        if (session.state() != TlsState.HANDSHAKING) {
            return session.flush();
        }
        Need need = session.handshake();
        runTasks(session, need);
        return need;
    }

    private static void runTasks(TlsSession session, Need need) {
        if (need == Need.TASK) {
            Runnable task;
            while ((task = session.delegatedTask()) != null) {
                task.run();
            }
        }
    }

    private static void takePlaintext(TlsSession session, ByteArrayOutputStream sink) {
        ByteBuffer appIn = session.appIn();
        if (appIn == null) {
            return;
        }
        appIn.flip();
        try {
            byte[] chunk = new byte[appIn.remaining()];
            appIn.get(chunk);
            sink.write(chunk, 0, chunk.length);
        } finally {
            appIn.compact();
        }
    }

    static Stream<String> protocols() {
        return Stream.of("TLSv1.3", "TLSv1.2");
    }

    static Stream<Arguments> protocolsAndSeeds() {
        return protocols().flatMap(p -> IntStream.rangeClosed(1, 12).mapToObj(seed -> Arguments.of(p, seed)));
    }

    private static byte[] pattern(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void handshakeAndDataSurviveBytesDeliveredOneAtATime(String protocol) throws IOException {
        Pair pair = new Pair(protocol, () -> 1);
        pair.handshake();

        assertEquals(TlsState.OPEN, pair.server.state());
        assertEquals(protocol, pair.server.engine().getSession().getProtocol());
        assertArrayEquals(REQUEST, pair.transfer(pair.client, pair.server, REQUEST));
        byte[] response = pattern(40_000);
        assertArrayEquals(response, pair.transfer(pair.server, pair.client, response));
    }

    @ParameterizedTest
    @MethodSource("protocolsAndSeeds")
    void randomSplitsDeliverEveryByteInOrder(String protocol, int seed) throws IOException {
        Random random = new Random(seed);
        Pair pair = new Pair(protocol, () -> 1 + random.nextInt(random.nextBoolean() ? 7 : 3000));
        pair.serverNet.writePieces(() -> random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(5000));
        pair.handshake();

        byte[] upload = pattern(20_000 + seed);
        assertArrayEquals(upload, pair.transfer(pair.client, pair.server, upload));
        byte[] download = pattern(100_000 + seed);
        assertArrayEquals(download, pair.transfer(pair.server, pair.client, download));
    }

    /** In TLS 1.3 the client's Finished is the last handshake message, and a client may send its request with it. */
    @Test
    void requestArrivingWithTheLastHandshakeMessageIsServedWithoutAnotherRead() throws IOException {
        Pair pair = new Pair("TLSv1.3", () -> Integer.MAX_VALUE);
        for (int i = 0; i < MAX_STEPS && pair.client.state() == TlsState.HANDSHAKING; i++) {
            step(pair.client);
            if (pair.client.state() == TlsState.HANDSHAKING) {
                step(pair.server);
            }
        }
        assertEquals(TlsState.HANDSHAKING, pair.server.state(), "the server has not read the Finished yet");
        assertEquals(Need.NOTHING, pair.client.send(ByteBuffer.wrap(REQUEST)));
        pair.handshake();

        int readsBefore = pair.serverNet.reads();
        assertEquals(0, pair.serverNet.pending(), "the request must already sit in the server's netIn");
        assertEquals(Need.NOTHING, pair.server.receive());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        takePlaintext(pair.server, got);
        assertArrayEquals(REQUEST, got.toByteArray());
        assertTrue(pair.serverNet.reads() - readsBefore <= 1);
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void partialRecordWaitsForTheRestWithoutSpinning(String protocol) throws IOException {
        Pair pair = new Pair(protocol, () -> Integer.MAX_VALUE);
        pair.handshake();
        drainPostHandshake(pair);
        pair.client.send(ByteBuffer.wrap(REQUEST));
        byte[] record = pair.serverNet.drain();
        int half = record.length / 2;
        pair.serverNet.inject(Arrays.copyOfRange(record, 0, half));

        int readsBefore = pair.serverNet.reads();
        assertEquals(Need.READ, pair.server.receive());
        assertEquals(Need.READ, pair.server.receive());
        assertTrue(pair.serverNet.reads() - readsBefore <= 4, "each receive reads at most twice");
        assertFalse(pair.server.hasPlaintext());

        pair.serverNet.inject(Arrays.copyOfRange(record, half, record.length));
        assertEquals(Need.NOTHING, pair.server.receive());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        takePlaintext(pair.server, got);
        assertArrayEquals(REQUEST, got.toByteArray());
    }

    /** TLS 1.3 servers send tickets after the handshake; let the client take them first. */
    private static void drainPostHandshake(Pair pair) throws IOException {
        assertEquals(Need.READ, pair.client.receive());
        assertFalse(pair.client.hasPlaintext());
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void fullSocketMakesSendWaitForWriteAndResumeLater(String protocol) throws IOException {
        int[] allowance = {0};
        Pair pair = new Pair(protocol, () -> Integer.MAX_VALUE);
        pair.handshake();
        pair.serverNet.writePieces(() -> allowance[0]);

        byte[] body = pattern(64 * 1024);
        ByteBuffer src = ByteBuffer.wrap(body);
        assertEquals(Need.WRITE, pair.server.send(src));
        assertTrue(pair.server.hasPendingOutput());
        assertEquals(Need.WRITE, pair.server.flush());

        allowance[0] = Integer.MAX_VALUE;
        assertArrayEquals(body, restOfTransfer(pair, src, body.length));
    }

    private static byte[] restOfTransfer(Pair pair, ByteBuffer src, int total) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 0; i < MAX_STEPS && got.size() < total; i++) {
            pair.server.send(src);
            pair.client.receive();
            takePlaintext(pair.client, got);
        }
        return got.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void peerCloseNotifyIsSeenAndAnsweredOnce(String protocol) throws IOException {
        Pair pair = new Pair(protocol, () -> Integer.MAX_VALUE);
        pair.handshake();

        assertEquals(Need.NOTHING, pair.client.close());
        assertEquals(Need.PEER_CLOSED, pair.server.receive());
        assertTrue(pair.server.closeNotifyReceived());

        assertEquals(Need.NOTHING, pair.server.close());
        assertTrue(pair.server.closeNotifySent());
        int sent = pair.clientNet.pending();
        assertTrue(sent > 0, "our close_notify went out");
        assertEquals(Need.NOTHING, pair.server.close());
        assertEquals(sent, pair.clientNet.pending(), "close_notify is wrapped once");

        assertEquals(Need.PEER_CLOSED, pair.client.drainInbound());
        assertTrue(pair.client.closeNotifyReceived());
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void endOfStreamWithoutCloseNotifyEndsQuietly(String protocol) throws IOException {
        Pair pair = new Pair(protocol, () -> Integer.MAX_VALUE);
        pair.handshake();
        pair.clientNet.shutdownOutput();

        assertEquals(Need.PEER_CLOSED, pair.server.receive());
        assertFalse(pair.server.closeNotifyReceived());
    }

    @Test
    void endOfStreamDuringTheHandshakeEndsIt() throws IOException {
        Pair pair = new Pair("TLSv1.3", () -> Integer.MAX_VALUE);
        step(pair.client);
        byte[] hello = pair.serverNet.drain();
        pair.serverNet.inject(Arrays.copyOf(hello, 20));
        pair.clientNet.shutdownOutput();

        assertEquals(Need.PEER_CLOSED, pair.server.handshake());
        assertEquals(Need.PEER_CLOSED, pair.server.handshake());
    }

    @Test
    void garbageRecordFailsAndTheAlertReachesThePeer() throws IOException {
        Pair pair = new Pair("TLSv1.3", () -> Integer.MAX_VALUE);
        pair.serverNet.inject(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5});

        assertThrows(SSLException.class, () -> pair.server.handshake());
        pair.server.sendAlertAfterFailure();
        byte[] sent = pair.clientNet.drain();
        assertTrue(sent.length >= 7, "an alert record was written");
        assertEquals(0x15, sent[0], "content type alert");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1\r\n", "HEAD /", "POST /x HTTP/1.0\r\n"})
    void plaintextHttpIsToldApartBeforeTheEngineSeesIt(String request) throws IOException {
        Pair pair = new Pair("TLSv1.3", () -> Integer.MAX_VALUE);
        pair.serverNet.inject(request.getBytes(StandardCharsets.US_ASCII));

        assertEquals(Need.NOT_TLS, pair.server.handshake());
        assertEquals(request.length(), pair.server.rawInput().position());
    }

    @Test
    void idleSessionGivesBackEveryBuffer() throws IOException {
        int[] lent = {0};
        BufferAllocator counting = new BufferAllocator() {
            @Override
            public ByteBuffer acquire(int minCapacity) {
                lent[0]++;
                return ByteBuffer.allocate(minCapacity);
            }

            @Override
            public void release(ByteBuffer buffer) {
                lent[0]--;
            }
        };
        MemoryChannel[] channels = MemoryChannel.pair();
        SSLEngine serverEngine = TestCertificates.serverContext().createSSLEngine();
        serverEngine.setUseClientMode(false);
        SSLEngine clientEngine = TestCertificates.trustingClientContext().createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        TlsSession client = new TlsSession(clientEngine, channels[0], BufferAllocator.HEAP);
        TlsSession server = new TlsSession(serverEngine, channels[1], counting);
        for (int i = 0;
                i < MAX_STEPS && (client.state() == TlsState.HANDSHAKING || server.state() == TlsState.HANDSHAKING);
                i++) {
            step(client);
            step(server);
        }
        client.send(ByteBuffer.wrap(REQUEST));
        server.receive();
        takePlaintext(server, new ByteArrayOutputStream());
        assertTrue(lent[0] > 0);

        server.releaseIdleBuffers();
        assertEquals(0, lent[0]);
    }
}
