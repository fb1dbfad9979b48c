package dev.nioserve.support;

import dev.nioserve.tls.TlsPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client engine and a server engine joined in memory: what one side wraps, the other unwraps. No
 * sockets, no threads; delegated tasks run inline. At most {@code chunk} bytes of ciphertext cross
 * per step, so a test can cut every flight at every size and make each side meet partial records.
 *
 * <p>Each side keeps four buffers, all in fill mode between steps: netOut (wrapped, not yet moved
 * to the peer), netIn (moved from the peer, not yet unwrapped), appOut (plaintext queued to wrap)
 * and appIn (plaintext unwrapped, not yet taken by the test). Not thread-safe.
 */
public final class EnginePair {
    /** One of the two engines. */
    public enum Side {
        CLIENT,
        SERVER
    }

    /** Bounds a run even at chunk size 1, where a handshake takes a few thousand steps. */
    private static final int MAX_STEPS = 200_000;

    private final End client;
    private final End server;
    /** The most ciphertext bytes one step moves from a side to its peer; at least 1. */
    private final int chunk;

    /** The first exception either engine threw; later ones are kept per side only. */
    private SSLException firstFailure;

    public EnginePair(SSLEngine client, SSLEngine server) {
        this(client, server, Integer.MAX_VALUE);
    }

    public EnginePair(SSLEngine client, SSLEngine server, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk " + chunk);
        }
        this.client = new End(client);
        this.server = new End(server);
        this.chunk = chunk;
    }

    /** A client context that trusts only the given certificates. */
    public static SSLContext clientContextTrusting(X509Certificate... anchors) {
        return clientContext(trustManagerFor(anchors));
    }

    /**
     * A client context that decides trust with the given manager. It calls {@link
     * TlsPolicy#installJvmDefaults()} first, as a server in the same JVM relies on it.
     */
    public static SSLContext clientContext(TrustManager trust) {
        TlsPolicy.installJvmDefaults();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test client context", e);
        }
    }

    /** The JDK's own PKIX trust manager, trusting only the given certificates. */
    public static X509ExtendedTrustManager trustManagerFor(X509Certificate... anchors) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                trusted.setCertificateEntry("anchor" + i, anchors[i]);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("test trust manager", e);
        }
    }

    /**
     * A client engine for https://localhost:8443 that checks the host name as a browser does. The
     * host and port also key the context's session cache, so a second engine may resume.
     */
    public static SSLEngine clientEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine("localhost", 8443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Drives both engines until neither has more to say; throws the first failure of either side. */
    public void handshake() throws SSLException {
        client.engine.beginHandshake();
        server.engine.beginHandshake();
        pumpUntilQuiet();
        throwFirstFailure();
        if (!client.handshakeDone() || !server.handshakeDone()) {
            throw new IllegalStateException("handshake stalled: client " + client.engine.getHandshakeStatus()
                    + ", server " + server.engine.getHandshakeStatus());
        }
    }

    /** Wraps the plaintext at one side and returns all the plaintext the other side has unwrapped. */
    public byte[] send(Side from, byte[] plaintext) throws SSLException {
        End sender = end(from);
        sender.appOut = ensureRoom(sender.appOut, plaintext.length);
        sender.appOut.put(plaintext);
        pumpUntilQuiet();
        throwFirstFailure();
        return take(peer(sender));
    }

    /** Closes one side's outbound and delivers its close_notify. */
    public void closeOutbound(Side side) throws SSLException {
        end(side).engine.closeOutbound();
        pumpUntilQuiet();
        throwFirstFailure();
    }

    /** What the engine on that side threw first, or null. */
    public SSLException failure(Side side) {
        return end(side).failure;
    }

    public SSLEngine engine(Side side) {
        return end(side).engine;
    }

    private void pumpUntilQuiet() {
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            boolean progress = step(client) | step(server);
            if (!progress) {
                return;
            }
        }
        throw new IllegalStateException("engines still busy after " + MAX_STEPS + " steps");
    }

    /** One side's turn: tasks, wrap, unwrap, then move up to chunk bytes to the peer. */
    private boolean step(End self) {
        boolean progress = runTasks(self);
        progress |= wrap(self);
        progress |= unwrap(self);
        return progress | transfer(self, peer(self));
    }

    private static boolean runTasks(End self) {
        boolean ran = false;
        for (Runnable task = self.engine.getDelegatedTask(); task != null; task = self.engine.getDelegatedTask()) {
            task.run();
            ran = true;
        }
        return ran;
    }

    private boolean wrap(End self) {
        HandshakeStatus status = self.engine.getHandshakeStatus();
        boolean wantsData = self.appOut.position() > 0 && !self.engine.isOutboundDone();
        if (status != HandshakeStatus.NEED_WRAP && !(wantsData && !isHandshaking(status))) {
            return false;
        }
        self.appOut.flip();
        try {
            SSLEngineResult result = self.engine.wrap(self.appOut, self.netOut);
            switch (result.getStatus()) {
                case OK, CLOSED -> {
                    return result.bytesProduced() > 0 || result.bytesConsumed() > 0;
                }
                case BUFFER_OVERFLOW -> {
                    self.netOut =
                            ensureRoom(self.netOut, self.engine.getSession().getPacketBufferSize());
                    return true;
                }
                default -> throw new IllegalStateException("wrap returned " + result.getStatus());
            }
        } catch (SSLException e) {
            recordFailure(self, e);
            // The engine now holds an alert to wrap; the next step sends it.
            return true;
        } finally {
            self.appOut.compact();
        }
    }

    private boolean unwrap(End self) {
        if (self.netIn.position() == 0 || self.engine.isInboundDone()) {
            return false;
        }
        self.netIn.flip();
        try {
            SSLEngineResult result = self.engine.unwrap(self.netIn, self.appIn);
            switch (result.getStatus()) {
                case OK, CLOSED -> {
                    return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
                }
                case BUFFER_UNDERFLOW -> {
                    return false;
                }
                case BUFFER_OVERFLOW -> {
                    self.appIn = ensureRoom(self.appIn, self.engine.getSession().getApplicationBufferSize());
                    return true;
                }
                default -> throw new IllegalStateException("unwrap returned " + result.getStatus());
            }
        } catch (SSLException e) {
            recordFailure(self, e);
            return true;
        } finally {
            self.netIn.compact();
        }
    }

    private boolean transfer(End from, End to) {
        int count = Math.min(chunk, from.netOut.position());
        if (count == 0) {
            return false;
        }
        to.netIn = ensureRoom(to.netIn, count);
        from.netOut.flip();
        ByteBuffer slice = from.netOut.slice().limit(count);
        to.netIn.put(slice);
        from.netOut.position(count);
        from.netOut.compact();
        return true;
    }

    private void recordFailure(End self, SSLException failure) {
        if (self.failure == null) {
            self.failure = failure;
        }
        if (firstFailure == null) {
            firstFailure = failure;
        }
    }

    private void throwFirstFailure() throws SSLException {
        if (firstFailure != null) {
            throw firstFailure;
        }
    }

    private static boolean isHandshaking(HandshakeStatus status) {
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    private static byte[] take(End self) {
        self.appIn.flip();
        byte[] plaintext = new byte[self.appIn.remaining()];
        self.appIn.get(plaintext);
        self.appIn.clear();
        return plaintext;
    }

    /** The same buffer when it has room for {@code more} bytes, else a larger copy, still in fill mode. */
    private static ByteBuffer ensureRoom(ByteBuffer buffer, int more) {
        if (buffer.remaining() >= more) {
            return buffer;
        }
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
        buffer.flip();
        larger.put(buffer);
        return larger;
    }

    private End end(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    private End peer(End self) {
        return self == client ? server : client;
    }

    /** One engine and its buffers. */
    private static final class End {
        final SSLEngine engine;
        ByteBuffer netIn;
        ByteBuffer netOut;
        ByteBuffer appIn;
        ByteBuffer appOut = ByteBuffer.allocate(0);
        /** The first exception this engine threw; set once. */
        SSLException failure;

        End(SSLEngine engine) {
            this.engine = engine;
            int packetSize = engine.getSession().getPacketBufferSize();
            this.netIn = ByteBuffer.allocate(packetSize);
            this.netOut = ByteBuffer.allocate(packetSize);
            this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        boolean handshakeDone() {
            return !isHandshaking(engine.getHandshakeStatus());
        }
    }
}
