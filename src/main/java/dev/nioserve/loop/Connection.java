package dev.nioserve.loop;

import dev.nioserve.config.Settings;
import dev.nioserve.http.HttpExchange;
import dev.nioserve.http.ParseStatus;
import dev.nioserve.http.PlainHttpAnswer;
import dev.nioserve.http.Request;
import dev.nioserve.http.RequestParser;
import dev.nioserve.tls.Need;
import dev.nioserve.tls.TlsSession;
import dev.nioserve.tls.TlsState;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One accepted socket: its TLS session, its HTTP exchange, its interest ops and its deadline.
 * The loop thread calls {@link #onReady()} on every readiness event and after every delegated
 * task; each call does all the work the held bytes allow, then says what it waits for.
 *
 * <h2>Lifecycle, interest ops and deadlines</h2>
 *
 * <pre>
 * state        waits for (interest)                        deadline
 * HANDSHAKING  READ for records, WRITE for a stuck flight,  HANDSHAKE
 *              none while a delegated task runs
 * OPEN         READ when the exchange wants input and no    IDLE between requests, REQUEST_HEAD from
 *              record is held; WRITE while netOut is stuck  a head's first byte, BODY, SEND
 * CLOSING      WRITE until close_notify is out, then READ   CLOSE_GRACE
 *              (output shut) until the peer's or EOF
 * CLOSED       nothing: key cancelled, buffers returned, channel closed, once
 * </pre>
 *
 * <p>Before it returns to the selector, a connection processes everything it holds: records in
 * netIn, plaintext in appIn and requests already parsed. Waiting for OP_READ with bytes held
 * would wait for a packet that may never come.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Plaintext per record: TLS never puts more in one (RFC 8446 section 5.1). */
    private static final int MAX_RECORD_PLAINTEXT = 16 * 1024;

    /** Short id for logs, "c17"; set once. */
    final String id;
    /** The client's address, for the per-address limit; set once. */
    final InetAddress peer;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final TlsSession tls;
    private final HttpExchange exchange;
    private final EventLoop loop;

    /** Response plaintext produced and not yet wrapped; borrowed from the pool, null while empty. */
    private ByteBuffer appOut;
    /** Set while a delegated task runs off the loop; no socket event may drive the engine then. */
    private boolean taskRunning;
    /** Set once the socket's output is shut after our close_notify. */
    private boolean outputShut;
    /** Set once by {@link #close}; every later call does nothing. */
    private boolean closed;
    /** Stands for this connection in the timing wheel; cleared at close. */
    private final TimerRef timerRef = new TimerRef(this);
    /** Set once the first bytes proved to be plain HTTP: the connection answers in kind and closes. */
    private RequestParser plainRequest;
    /** Set once the plain answer is written; what the client still sends is drained until EOF or grace. */
    private boolean plainAnswered;

    /** The deadline the connection is under now and when it expires, on the loop's clock. */
    private DeadlineKind deadlineKind;

    private long deadlineAt;
    /** Time of the earliest live wheel entry for this connection, or Long.MAX_VALUE when none. */
    private long timerAt = Long.MAX_VALUE;
    /** Ciphertext counts when the deadline was last armed, so progress can restart it. */
    private long progressMark = -1;
    /** The exchange's request count when the deadline was last armed: a new head gets a fresh deadline. */
    private long requestMark = -1;

    Connection(
            String id,
            SocketChannel channel,
            SelectionKey key,
            TlsSession tls,
            HttpExchange exchange,
            EventLoop loop,
            InetAddress peer) {
        this.id = id;
        this.peer = peer;
        this.channel = channel;
        this.key = key;
        this.tls = tls;
        this.exchange = exchange;
        this.loop = loop;
        arm(DeadlineKind.HANDSHAKE);
    }

    /** Drives the connection as far as it can go, then sets interest ops and the deadline. */
    void onReady() {
        if (closed || taskRunning) {
            return;
        }
        MDC.put("conn", id);
        try {
            waitFor(drive());
        } catch (SSLException e) {
            // A client's failed handshake or bad record: routine on the open internet.
            log.debug("TLS failure: {}", e.getMessage());
            tls.sendAlertAfterFailure();
            close("tls failure");
        } catch (IOException e) {
            log.debug("I/O failure: {}", e.toString());
            close("i/o failure");
        } catch (RuntimeException e) {
            log.warn("connection failed on a server fault; closing it", e);
            close("server fault");
        } finally {
            MDC.remove("conn");
        }
    }

    private Need drive() throws IOException {
        if (plainRequest != null) {
            return answerPlainHttp();
        }
        return switch (tls.state()) {
            case HANDSHAKING -> handshake();
            case OPEN -> serve();
            case CLOSING -> closing();
            case CLOSED -> Need.NOTHING;
        };
    }

    private Need handshake() throws IOException {
        Need need = tls.handshake();
        switch (need) {
            case NOTHING -> {
                SSLSession session = tls.engine().getSession();
                log.debug("handshake done: {} {}", session.getProtocol(), session.getCipherSuite());
                arm(DeadlineKind.IDLE);
                return serve();
            }
            case TASK -> runDelegatedTasks();
            case PEER_CLOSED -> close("peer left during handshake");
            case NOT_TLS -> {
                plainRequest = new RequestParser(loop.settings().limits());
                return answerPlainHttp();
            }
            case READ, WRITE -> {}
        }
        return need;
    }

    /**
     * Plain HTTP on the TLS port: parses the head from the raw bytes, answers it in plain HTTP,
     * shuts output, then drains the rest so a request body cannot turn our close into a reset
     * that destroys the answer. The handshake deadline, then the close grace, bound it all.
     */
    private Need answerPlainHttp() throws IOException {
        while (true) {
            ByteBuffer raw = tls.rawInput();
            if (raw != null && raw.position() > 0) {
                if (plainAnswered) {
                    raw.clear();
                } else {
                    parsePlain(raw);
                }
            }
            Need need = tls.readRaw();
            if (need == Need.PEER_CLOSED) {
                close("plain HTTP on the TLS port");
                return Need.NOTHING;
            }
            if (need == Need.READ) {
                return need;
            }
        }
    }

    private void parsePlain(ByteBuffer raw) throws IOException {
        raw.flip();
        ParseStatus status;
        try {
            status = plainRequest.parseHead(raw);
        } finally {
            raw.compact();
        }
        if (status == ParseStatus.NEED_MORE) {
            return;
        }
        Request request = status == ParseStatus.COMPLETE ? plainRequest.request() : null;
        boolean redirect = loop.settings().policy().plainHttp() == Settings.PlainHttp.REDIRECT;
        // Small enough for any socket buffer: one write, and whatever the kernel refuses is lost with the peer.
        channel.write(ByteBuffer.wrap(PlainHttpAnswer.answer(request, redirect)));
        channel.shutdownOutput();
        plainAnswered = true;
        raw.clear();
        arm(DeadlineKind.CLOSE_GRACE);
    }

    /** OPEN: alternates between writing what is owed and consuming what is held, until it must wait. */
    private Need serve() throws IOException {
        while (true) {
            if (holds(appOut) || exchange.hasOutput()) {
                Need need = writeResponse();
                if (need != Need.NOTHING) {
                    return need;
                }
                continue;
            }
            if (exchange.finished() || (loop.stopping() && exchange.idle())) {
                return beginClose();
            }
            if (tls.hasPlaintext()) {
                consumePlaintext();
                continue;
            }
            Need need = tls.receive();
            switch (need) {
                case NOTHING -> {}
                case TASK -> {
                    runDelegatedTasks();
                    return need;
                }
                case PEER_CLOSED -> {
                    return peerClosed();
                }
                case READ, WRITE, NOT_TLS -> {
                    return need;
                }
            }
        }
    }

    private void consumePlaintext() {
        ByteBuffer in = tls.appIn();
        in.flip();
        try {
            int before = in.remaining();
            exchange.consume(in);
            if (in.remaining() == before && !exchange.hasOutput()) {
                throw new IllegalStateException("exchange consumed nothing and answered nothing");
            }
        } finally {
            in.compact();
        }
    }

    /** Produces response plaintext a record at a time and wraps it, until done or the socket is full. */
    private Need writeResponse() throws IOException {
        while (true) {
            if (appOut == null) {
                appOut = loop.buffers().acquire(MAX_RECORD_PLAINTEXT);
            }
            if (exchange.hasOutput()) {
                // Cap at one record's plaintext so each wrap empties appOut in one record.
                appOut.limit(Math.min(appOut.capacity(), MAX_RECORD_PLAINTEXT));
                exchange.produce(appOut);
                appOut.limit(appOut.capacity());
            }
            appOut.flip();
            Need need;
            try {
                need = tls.send(appOut);
            } finally {
                appOut.compact();
            }
            if (need != Need.NOTHING) {
                return need;
            }
            if (!exchange.hasOutput()) {
                return Need.NOTHING;
            }
        }
    }

    /** The peer ended its side: answer its close_notify with ours, or just close after a bare EOF. */
    private Need peerClosed() throws IOException {
        if (!tls.closeNotifyReceived()) {
            close("peer closed without close_notify");
            return Need.NOTHING;
        }
        return beginClose();
    }

    /** Starts the TLS close: close_notify once, then the socket's output, then a short grace. */
    Need beginClose() throws IOException {
        exchange.abort();
        arm(DeadlineKind.CLOSE_GRACE);
        return closing();
    }

    private Need closing() throws IOException {
        if (tls.close() == Need.WRITE) {
            return Need.WRITE;
        }
        if (!outputShut) {
            // FIN after close_notify: the client sees the whole answer, then a clean end, and
            // its late bytes do not make our kernel answer with a reset that destroys both.
            outputShut = true;
            channel.shutdownOutput();
        }
        if (tls.drainInbound() == Need.PEER_CLOSED) {
            close(tls.closeNotifyReceived() ? "closed" : "closed, peer sent no close_notify");
            return Need.NOTHING;
        }
        return Need.READ;
    }

    private void runDelegatedTasks() {
        taskRunning = true;
        loop.runTask(this, () -> {
            Runnable task;
            while ((task = tls.delegatedTask()) != null) {
                task.run();
            }
        });
    }

    /** Called on the loop thread once the delegated tasks have run. */
    void onTaskDone() {
        taskRunning = false;
        onReady();
    }

    private void waitFor(Need need) {
        if (closed) {
            return; // the step that returned need may itself have closed the connection
        }
        int ops =
                switch (need) {
                    case READ -> SelectionKey.OP_READ;
                    case WRITE -> SelectionKey.OP_WRITE;
                    case TASK, NOTHING, PEER_CLOSED, NOT_TLS -> 0;
                };
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
        releaseIdleBuffers();
        if (tls.state() == TlsState.OPEN) {
            arm(openDeadline(need));
        }
    }

    private DeadlineKind openDeadline(Need need) {
        if (need == Need.WRITE) {
            return DeadlineKind.SEND;
        }
        if (exchange.idle()) {
            return DeadlineKind.IDLE;
        }
        return exchange.readingHead() ? DeadlineKind.REQUEST_HEAD : DeadlineKind.BODY;
    }

    /**
     * Puts the connection under {@code kind}. Re-arming the same kind keeps its start, so a head
     * that trickles in a byte a second still meets its deadline; SEND and BODY restart on progress.
     */
    private void arm(DeadlineKind kind) {
        long progress = tls.netBytesRead() + tls.netBytesWritten();
        boolean restart = kind != deadlineKind
                || ((kind == DeadlineKind.SEND || kind == DeadlineKind.BODY) && progress != progressMark)
                || (kind == DeadlineKind.REQUEST_HEAD && exchange.responsesDone() != requestMark);
        if (!restart) {
            return;
        }
        deadlineKind = kind;
        progressMark = progress;
        requestMark = exchange.responsesDone();
        deadlineAt = loop.nowMillis() + loop.timeoutMillis(kind);
        if (deadlineAt < timerAt) {
            timerAt = deadlineAt;
            loop.schedule(timerRef, deadlineAt);
        }
    }

    /**
     * What the timing wheel holds instead of the connection: an entry may outlive the connection
     * by a whole timeout, and must not keep its engine and buffers reachable that long.
     */
    static final class TimerRef implements Deadlines.Timer {
        /** The connection, until it closes; then null. Loop thread only. */
        private Connection connection;

        TimerRef(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onTimer(long entryAt, long now) {
            if (connection != null) {
                connection.onTimer(entryAt, now);
            }
        }
    }

    /** A wheel entry for this connection came due; stale entries are ignored. */
    void onTimer(long entryAt, long now) {
        if (closed || entryAt != timerAt) {
            return;
        }
        timerAt = Long.MAX_VALUE;
        if (now < deadlineAt) {
            timerAt = deadlineAt;
            loop.schedule(timerRef, deadlineAt);
            return;
        }
        MDC.put("conn", id);
        try {
            onDeadline();
        } catch (RuntimeException e) {
            log.warn("deadline handling failed on a server fault; closing the connection", e);
            close("server fault");
        } finally {
            MDC.remove("conn");
        }
    }

    private void onDeadline() {
        log.debug("{} deadline passed", deadlineKind);
        switch (deadlineKind) {
            case REQUEST_HEAD -> {
                exchange.respondNow(HttpExchange.errorResponse(408, "Request Timeout"));
                arm(DeadlineKind.SEND);
                onReady();
            }
            case IDLE -> {
                try {
                    waitFor(beginClose());
                } catch (IOException e) {
                    close("i/o failure while closing");
                }
            }
            case HANDSHAKE, BODY, SEND, CLOSE_GRACE -> close(deadlineKind.name().toLowerCase() + " timeout");
        }
    }

    private void releaseIdleBuffers() {
        tls.releaseIdleBuffers();
        if (appOut != null && appOut.position() == 0) {
            loop.buffers().release(appOut);
            appOut = null;
        }
    }

    /** Closes everything once: the exchange's file, the buffers, the key and the channel. */
    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        timerRef.connection = null;
        exchange.abort();
        tls.free();
        if (appOut != null) {
            loop.buffers().release(appOut);
            appOut = null;
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the channel failed: {}", e.toString());
        }
        loop.onClosed(this);
        log.debug("closed ({}): {} bytes in, {} bytes out", reason, tls.netBytesRead(), tls.netBytesWritten());
    }

    /** At shutdown: closes now when nothing is in flight, else after the response under way. */
    void stopWhenIdle() {
        MDC.put("conn", id);
        try {
            if (tls.state() == TlsState.HANDSHAKING) {
                close("server stopping");
            } else if (isIdle()) {
                waitFor(beginClose());
            }
        } catch (IOException e) {
            close("i/o failure while closing");
        } finally {
            MDC.remove("conn");
        }
    }

    /** True when the connection sits between requests with nothing in flight: safe to close at shutdown. */
    boolean isIdle() {
        return tls.state() == TlsState.OPEN && exchange.idle() && !holds(appOut) && !tls.hasPendingOutput();
    }

    private static boolean holds(ByteBuffer buffer) {
        return buffer != null && buffer.position() > 0;
    }
}
