package dev.nioserve.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's TLS session: an {@link SSLEngine} driven over a non-blocking byte channel.
 * It knows nothing of selectors; every method does what it can without blocking and returns a
 * {@link Need} that tells the caller which event to wait for.
 *
 * <h2>States</h2>
 *
 * <pre>
 * HANDSHAKING --handshake()--> OPEN --close()--> CLOSING --peer's close_notify, EOF or grace--> CLOSED
 *      |                         |                                                              ^
 *      +-------------------------+--- failure (alert wrapped once and flushed) -----------------+
 * </pre>
 *
 * <ul>
 *   <li>HANDSHAKING: {@link #handshake()} follows the engine through NEED_WRAP, NEED_UNWRAP and
 *       NEED_TASK. Interest: READ while it waits for a record, WRITE while netOut is stuck, none
 *       while a delegated task runs.
 *   <li>OPEN: {@link #receive()} unwraps into appIn and {@link #send} wraps from the caller's
 *       plaintext. Post-handshake messages (a TLS 1.3 KeyUpdate, a NewSessionTicket the engine
 *       wants to wrap) are handled inside those calls.
 *   <li>CLOSING: {@link #close()} has queued our close_notify; {@link #drainInbound()} discards
 *       whatever the peer still sends until its close_notify or EOF.
 *   <li>CLOSED: {@link #free()} gave the buffers back; nothing more happens.
 * </ul>
 *
 * <h2>Readiness</h2>
 *
 * A readable socket is not readable plaintext, and a drained socket does not mean no plaintext is
 * left: one read can bring several records, or half of one. So {@link #receive()} unwraps what
 * netIn already holds before it reads the socket, keeps a partial record on BUFFER_UNDERFLOW and
 * asks for READ only when the socket gave nothing more; the caller consumes appIn before it calls
 * again. WRITE is asked for only while netOut holds ciphertext the socket refused.
 *
 * <h2>Buffers</h2>
 *
 * netIn, netOut and appIn are borrowed from a {@link BufferAllocator} when bytes arrive and given
 * back by {@link #releaseIdleBuffers()} once empty. Every buffer stays in fill mode between calls:
 * its position marks the end of the bytes it holds. A method that flips one compacts it in a
 * {@code finally}.
 *
 * <p>Not thread-safe: only the loop thread calls it, except {@link #delegatedTask()}'s tasks,
 * which run elsewhere while the caller waits for nothing.
 */
public final class TlsSession {
    private static final Logger log = LoggerFactory.getLogger(TlsSession.class);
    private static final ByteBuffer NO_PLAINTEXT = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** Wraps the close needs at most: a user_canceled alert before the handshake ends, then close_notify. */
    private static final int MAX_CLOSE_WRAPS = 4;

    private final SSLEngine engine;
    private final ByteChannel net;
    private final BufferAllocator buffers;

    /** Ciphertext read from the socket, not yet unwrapped; may end in a partial record. Null while empty. */
    private ByteBuffer netIn;
    /** Ciphertext from wrap that the socket has not taken yet. Null while empty. */
    private ByteBuffer netOut;
    /** Plaintext from unwrap that the caller has not consumed yet. Null while empty. */
    private ByteBuffer appIn;

    /** Moves only forward, except that any state may jump to CLOSED. */
    private TlsState state = TlsState.HANDSHAKING;
    /** Set once our close_notify has been wrapped into netOut; it is wrapped once. */
    private boolean closeNotifySent;
    /** Set once the peer's close_notify has been unwrapped. */
    private boolean closeNotifyReceived;
    /** Set once a socket read returned end of stream. */
    private boolean netEof;

    /** Ciphertext bytes moved, for the connection's closing log line. */
    private long netBytesRead;

    private long netBytesWritten;

    /** Ciphertext bytes the engine has consumed; zero until the first record is read. */
    private long netBytesUnwrapped;

    public TlsSession(SSLEngine engine, ByteChannel net, BufferAllocator buffers) throws SSLException {
        this.engine = engine;
        this.net = net;
        this.buffers = buffers;
        engine.beginHandshake();
    }

    public TlsState state() {
        return state;
    }

    public SSLEngine engine() {
        return engine;
    }

    /**
     * Advances the handshake as far as the bytes at hand allow.
     *
     * @return NOTHING once the session is OPEN; otherwise what it waits for
     */
    public Need handshake() throws IOException {
        while (state == TlsState.HANDSHAKING) {
            if (!flushNetOut()) {
                return Need.WRITE;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    return Need.TASK;
                }
                case NEED_WRAP -> wrap(NO_PLAINTEXT);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    Need need = unwrapHandshakeRecord();
                    if (need != Need.NOTHING) {
                        return need;
                    }
                }
                // TLS 1.3 may go straight to NOT_HANDSHAKING and never report FINISHED (JDK-8240871).
                case FINISHED, NOT_HANDSHAKING -> state = TlsState.OPEN;
                default -> throw new IllegalStateException("handshake status " + status);
            }
        }
        return flushNetOut() ? Need.NOTHING : Need.WRITE;
    }

    private Need unwrapHandshakeRecord() throws IOException {
        if (holds(netIn)) {
            if (netBytesUnwrapped == 0 && !startsLikeTls(netIn.get(0))) {
                return Need.NOT_TLS;
            }
            SSLEngineResult result = unwrapNetIn();
            switch (result.getStatus()) {
                case OK -> {
                    if (result.bytesConsumed() > 0 || result.bytesProduced() > 0) {
                        return Need.NOTHING;
                    }
                }
                case CLOSED -> {
                    closeNotifyReceived = true;
                    return Need.PEER_CLOSED;
                }
                case BUFFER_OVERFLOW -> {
                    growAppIn();
                    return Need.NOTHING;
                }
                case BUFFER_UNDERFLOW -> {
                    // A partial record stays in netIn; only more bytes can complete it.
                }
                default -> throw new IllegalStateException("unwrap status " + result.getStatus());
            }
        }
        return readMore();
    }

    /**
     * Makes plaintext available in {@link #appIn()}: unwraps the records netIn already holds and
     * reads the socket only when no whole record is left.
     *
     * @return NOTHING when appIn holds plaintext; READ, WRITE or TASK when it waits; PEER_CLOSED
     *     when no more will come
     */
    public Need receive() throws IOException {
        // After a delegated task the engine may want to wrap (an answer, or the alert refusing a
        // renegotiation) before it reads again; waiting for a record first would wait forever.
        Need owed = servicePostHandshake(engine.getHandshakeStatus());
        if (owed != Need.NOTHING) {
            return owed;
        }
        while (true) {
            if (closeNotifyReceived) {
                return Need.PEER_CLOSED;
            }
            if (holds(netIn)) {
                SSLEngineResult result = unwrapNetIn();
                Need afterwards = servicePostHandshake(result.getHandshakeStatus());
                if (afterwards != Need.NOTHING) {
                    return afterwards;
                }
                switch (result.getStatus()) {
                    case OK -> {
                        if (result.bytesProduced() > 0) {
                            return Need.NOTHING;
                        }
                        if (result.bytesConsumed() > 0) {
                            continue; // a record without plaintext (a KeyUpdate): try the next one
                        }
                    }
                    case CLOSED -> {
                        closeNotifyReceived = true;
                        return Need.PEER_CLOSED;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (holds(appIn)) {
                            return Need.NOTHING; // the caller must consume before more fits
                        }
                        growAppIn();
                        continue;
                    }
                    case BUFFER_UNDERFLOW -> {
                        // fall through to the socket: netIn ends in a partial record
                    }
                    default -> throw new IllegalStateException("unwrap status " + result.getStatus());
                }
            }
            Need need = readMore();
            if (need != Need.NOTHING) {
                return need;
            }
        }
    }

    /**
     * A handshake message can arrive or be owed after the handshake: a KeyUpdate to answer, a
     * ticket to send, a renegotiation to refuse. The engine says so through its status.
     */
    private Need servicePostHandshake(HandshakeStatus status) throws IOException {
        HandshakeStatus next = status;
        while (next == HandshakeStatus.NEED_WRAP) {
            if (!flushNetOut()) {
                return Need.WRITE;
            }
            SSLEngineResult result = wrap(NO_PLAINTEXT);
            if (result.bytesProduced() == 0) {
                break; // nothing came out; asking again would loop
            }
            next = result.getHandshakeStatus();
        }
        if (next == HandshakeStatus.NEED_TASK) {
            return Need.TASK;
        }
        return flushNetOut() ? Need.NOTHING : Need.WRITE;
    }

    /** Reads the socket into netIn once: NOTHING when bytes came, READ when none, PEER_CLOSED at EOF. */
    private Need readMore() throws IOException {
        if (netEof) {
            return Need.PEER_CLOSED;
        }
        if (netIn == null) {
            netIn = buffers.acquire(packetSize());
        }
        if (!netIn.hasRemaining()) {
            // The engine refuses records over its packet size itself; a full buffer here means a
            // peer that never completes one, and waiting would only spin.
            throw new SSLException("record larger than " + netIn.capacity() + " bytes");
        }
        int n = net.read(netIn);
        if (n < 0) {
            netEof = true;
            return Need.PEER_CLOSED;
        }
        netBytesRead += n;
        return n == 0 ? Need.READ : Need.NOTHING;
    }

    /**
     * Wraps plaintext from {@code src} (read mode) into records and writes them.
     *
     * @return NOTHING when all of src is wrapped and written, WRITE when the socket is full
     */
    public Need send(ByteBuffer src) throws IOException {
        if (state != TlsState.OPEN) {
            throw new IllegalStateException("send in state " + state);
        }
        while (src.hasRemaining()) {
            if (!flushNetOut()) {
                return Need.WRITE;
            }
            SSLEngineResult result = wrap(src);
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && !holds(netOut)) {
                // An engine that takes nothing and gives nothing would be called again forever.
                throw new SSLException("wrap made no progress: " + result.getHandshakeStatus());
            }
        }
        return flushNetOut() ? Need.NOTHING : Need.WRITE;
    }

    /**
     * Writes what netOut holds.
     *
     * @return NOTHING when netOut is empty, WRITE when the socket took less
     */
    public Need flush() throws IOException {
        return flushNetOut() ? Need.NOTHING : Need.WRITE;
    }

    /** True while ciphertext waits for the socket. */
    public boolean hasPendingOutput() {
        return holds(netOut);
    }

    /**
     * Starts or continues our half of the close: queues close_notify once and writes it. Safe to
     * call again; each call either makes progress or returns.
     *
     * @return NOTHING when close_notify has been written, WRITE while it waits for the socket
     */
    public Need close() throws IOException {
        if (state != TlsState.CLOSED) {
            state = TlsState.CLOSING;
        }
        if (!closeNotifySent) {
            engine.closeOutbound();
            // The engine reports CLOSED with bytes produced, then 0 produced; stop at 0 so a status
            // that never changes cannot make this loop (JDK-8254967).
            for (int i = 0; i < MAX_CLOSE_WRAPS && !engine.isOutboundDone(); i++) {
                if (!flushNetOut()) {
                    return Need.WRITE;
                }
                if (wrap(NO_PLAINTEXT).bytesProduced() == 0) {
                    break;
                }
            }
            closeNotifySent = true;
        }
        return flushNetOut() ? Need.NOTHING : Need.WRITE;
    }

    /**
     * In CLOSING: reads and discards what the peer still sends, until its close_notify or EOF.
     *
     * @return PEER_CLOSED when the peer is done, READ while it may send more
     */
    public Need drainInbound() throws IOException {
        while (!closeNotifyReceived && !netEof) {
            if (appIn != null) {
                appIn.clear();
            }
            if (holds(netIn)) {
                SSLEngineResult result = unwrapNetIn();
                switch (result.getStatus()) {
                    case CLOSED -> closeNotifyReceived = true;
                    case BUFFER_OVERFLOW -> growAppIn();
                    case OK, BUFFER_UNDERFLOW -> {}
                }
                if (closeNotifyReceived || result.bytesConsumed() > 0) {
                    continue;
                }
            }
            Need need = readMore();
            if (need == Need.READ) {
                return need;
            }
        }
        return Need.PEER_CLOSED;
    }

    /**
     * After the engine threw: a fatal alert is what tells the peer why, and the engine has
     * prepared one that only a wrap brings out (JDK-8315436). Wraps once and writes what it can.
     */
    public void sendAlertAfterFailure() {
        try {
            if (!engine.isOutboundDone()) {
                engine.closeOutbound();
                wrap(NO_PLAINTEXT);
            }
            flushNetOut();
        } catch (IOException | RuntimeException e) {
            log.trace("no alert could be written: {}", e.toString());
        }
    }

    /** Plaintext unwrapped and not consumed, in fill mode; null while there is none. */
    public ByteBuffer appIn() {
        return appIn;
    }

    /** True when appIn holds plaintext the caller has not consumed. */
    public boolean hasPlaintext() {
        return holds(appIn);
    }

    /** True once the peer's close_notify has arrived. */
    public boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    /** True once our close_notify has been wrapped. */
    public boolean closeNotifySent() {
        return closeNotifySent;
    }

    /** The next task the engine wants run off the loop, or null when it wants none. */
    public Runnable delegatedTask() {
        return engine.getDelegatedTask();
    }

    /**
     * After {@link Need#NOT_TLS}: the bytes the peer sent so far, in fill mode, for the caller to
     * answer in the peer's own protocol. Null when none are held.
     */
    public ByteBuffer rawInput() {
        return netIn;
    }

    /**
     * After {@link Need#NOT_TLS}: reads more raw bytes into {@link #rawInput()}.
     *
     * @return NOTHING when bytes came, READ when none, PEER_CLOSED at EOF
     */
    public Need readRaw() throws IOException {
        return readMore();
    }

    /**
     * A TLS record starts with its content type: handshake (22) for a ClientHello, or alert (21).
     * An SSLv2-style hello sets the top bit. An ASCII letter is a plaintext protocol's verb.
     */
    private static boolean startsLikeTls(byte first) {
        return !(first >= 'A' && first <= 'Z');
    }

    public long netBytesRead() {
        return netBytesRead;
    }

    public long netBytesWritten() {
        return netBytesWritten;
    }

    /** Gives back every buffer that holds nothing, so an idle connection costs none. */
    public void releaseIdleBuffers() {
        if (netIn != null && netIn.position() == 0) {
            buffers.release(netIn);
            netIn = null;
        }
        if (netOut != null && netOut.position() == 0) {
            buffers.release(netOut);
            netOut = null;
        }
        if (appIn != null && appIn.position() == 0) {
            buffers.release(appIn);
            appIn = null;
        }
    }

    /** Ends the session: gives back every buffer, whatever it holds. Safe to call twice. */
    public void free() {
        state = TlsState.CLOSED;
        if (netIn != null) {
            buffers.release(netIn);
            netIn = null;
        }
        if (netOut != null) {
            buffers.release(netOut);
            netOut = null;
        }
        if (appIn != null) {
            buffers.release(appIn);
            appIn = null;
        }
    }

    private SSLEngineResult unwrapNetIn() throws SSLException {
        if (appIn == null) {
            appIn = buffers.acquire(appSize());
        }
        netIn.flip();
        try {
            SSLEngineResult result = engine.unwrap(netIn, appIn);
            netBytesUnwrapped += result.bytesConsumed();
            trace("unwrap", result);
            return result;
        } finally {
            netIn.compact();
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        if (netOut == null) {
            netOut = buffers.acquire(packetSize());
        }
        SSLEngineResult result = engine.wrap(src, netOut);
        trace("wrap", result);
        switch (result.getStatus()) {
            case OK, CLOSED -> {
                // CLOSED still carries the bytes of an alert or close_notify; the flush sends them.
            }
            case BUFFER_OVERFLOW -> {
                if (netOut.position() == 0) {
                    netOut = grow(netOut, packetSize());
                }
                // else: the caller flushes netOut and wraps again
            }
            default -> throw new IllegalStateException("wrap status " + result.getStatus());
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
            throw new SSLException("engine closed while plaintext was waiting");
        }
        return result;
    }

    private boolean flushNetOut() throws IOException {
        if (!holds(netOut)) {
            return true;
        }
        netOut.flip();
        try {
            while (netOut.hasRemaining()) {
                int n = net.write(netOut);
                if (n == 0) {
                    break; // the socket is full: wait for OP_WRITE rather than spin
                }
                netBytesWritten += n;
            }
            return !netOut.hasRemaining();
        } finally {
            netOut.compact();
        }
    }

    private void growAppIn() {
        appIn = grow(appIn, appSize());
    }

    /** A larger heap buffer with old's bytes; rare, since pooled buffers fit the session's sizes. */
    private ByteBuffer grow(ByteBuffer old, int minCapacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(minCapacity, old.capacity()) + old.position());
        old.flip();
        bigger.put(old);
        buffers.release(old);
        return bigger;
    }

    private int packetSize() {
        return engine.getSession().getPacketBufferSize();
    }

    private int appSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    private static boolean holds(ByteBuffer buffer) {
        return buffer != null && buffer.position() > 0;
    }

    private static void trace(String call, SSLEngineResult result) {
        if (log.isTraceEnabled()) {
            log.trace(
                    "{}: {} {} consumed={} produced={}",
                    call,
                    result.getStatus(),
                    result.getHandshakeStatus(),
                    result.bytesConsumed(),
                    result.bytesProduced());
        }
    }
}
