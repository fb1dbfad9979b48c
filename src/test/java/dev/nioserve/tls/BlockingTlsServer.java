package dev.nioserve.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * Serves TLS on 127.0.0.1 with engines from a {@link ServerTls}, one connection at a time, over
 * blocking streams on its own thread, so a real client such as openssl s_client can meet the
 * policy. Each connection's outcome lands in a queue. It reads and discards application data until
 * the client's close_notify or end of stream, then closes. Stop it with {@link #close()}.
 */
final class BlockingTlsServer implements AutoCloseable {
    /** A client that goes silent this long is given up on; only stops a hung test. */
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    /**
     * How one connection went.
     *
     * @param protocol the negotiated version, or null when the handshake failed
     * @param cipherSuite the negotiated suite, or null when the handshake failed
     * @param applicationProtocol what ALPN chose, "" for none, or null when the handshake failed
     * @param failure the first exception's message, or null when the connection closed cleanly
     */
    record Outcome(String protocol, String cipherSuite, String applicationProtocol, String failure) {}

    private final ServerTls tls;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

    BlockingTlsServer(ServerTls tls) throws IOException {
        this.tls = tls;
        this.listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "blocking-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The next connection's outcome, waiting up to the timeout for it. */
    Outcome nextOutcome(Duration timeout) throws InterruptedException {
        Outcome outcome = outcomes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (outcome == null) {
            throw new AssertionError("no connection finished within " + timeout);
        }
        return outcome;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        acceptor.join(SOCKET_TIMEOUT_MILLIS);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                outcomes.add(serve(tls.newEngine(), socket.getInputStream(), socket.getOutputStream()));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    outcomes.add(new Outcome(null, null, null, "accept failed: " + e));
                }
            }
        }
    }

    private static Outcome serve(SSLEngine engine, InputStream in, OutputStream out) {
        Connection connection = new Connection(engine, in, out);
        try {
            connection.run();
            return connection.outcome(null);
        } catch (SSLException e) {
            connection.sendPendingAlert();
            return connection.outcome(e.getMessage());
        } catch (SocketTimeoutException e) {
            return connection.outcome("client went silent");
        } catch (IOException e) {
            return connection.outcome(e.toString());
        }
    }

    /** One blocking connection: netIn and netOut in fill mode between calls. */
    private static final class Connection {
        private final SSLEngine engine;
        private final InputStream in;
        private final OutputStream out;
        private ByteBuffer netIn;
        private ByteBuffer netOut;
        private ByteBuffer appIn;
        /** Set when the handshake first completes; null while it has not. */
        private SSLSession established;

        Connection(SSLEngine engine, InputStream in, OutputStream out) {
            this.engine = engine;
            this.in = in;
            this.out = out;
            SSLSession session = engine.getSession();
            this.netIn = ByteBuffer.allocate(session.getPacketBufferSize());
            this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
            this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
        }

        /** Handshake, then discard plaintext until the peer closes, then send close_notify. */
        void run() throws IOException {
            engine.beginHandshake();
            while (!engine.isInboundDone()) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    engine.getDelegatedTask().run();
                } else if (status == HandshakeStatus.NEED_WRAP) {
                    wrapAndFlush();
                } else {
                    if (established == null && !isHandshaking(status)) {
                        established = engine.getSession();
                    }
                    if (!unwrapOnce()) {
                        break;
                    }
                }
            }
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                wrapAndFlush();
            }
        }

        /** Unwraps one record, reading more when only part of it is here; false at end of stream. */
        private boolean unwrapOnce() throws IOException {
            while (true) {
                netIn.flip();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(netIn, appIn);
                } finally {
                    netIn.compact();
                }
                appIn.clear();
                switch (result.getStatus()) {
                    case OK, CLOSED -> {
                        return true;
                    }
                    case BUFFER_OVERFLOW -> appIn = ByteBuffer.allocate(appIn.capacity() * 2);
                    case BUFFER_UNDERFLOW -> {
                        if (!readMore()) {
                            return false;
                        }
                    }
                    default -> throw new IllegalStateException("unwrap returned " + result.getStatus());
                }
            }
        }

        private boolean readMore() throws IOException {
            if (!netIn.hasRemaining()) {
                netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn.flip());
            }
            int count = in.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (count < 0) {
                return false;
            }
            netIn.position(netIn.position() + count);
            return true;
        }

        private void wrapAndFlush() throws IOException {
            SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), netOut);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                return;
            }
            out.write(netOut.array(), 0, netOut.position());
            out.flush();
            netOut.clear();
        }

        /** After a failure the engine holds an alert; the client should see why we hung up. */
        void sendPendingAlert() {
            try {
                while (!engine.isOutboundDone() && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    wrapAndFlush();
                }
            } catch (IOException e) {
                // The connection is being dropped for the failure already recorded; the alert is a courtesy.
                return;
            }
        }

        Outcome outcome(String failure) {
            if (established == null) {
                return new Outcome(null, null, null, failure);
            }
            return new Outcome(
                    established.getProtocol(), established.getCipherSuite(), engine.getApplicationProtocol(), failure);
        }

        private static boolean isHandshaking(HandshakeStatus status) {
            return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
        }
    }
}
