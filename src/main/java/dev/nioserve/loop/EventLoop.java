package dev.nioserve.loop;

import dev.nioserve.config.Settings;
import dev.nioserve.http.HttpExchange;
import dev.nioserve.tls.TlsSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that accepts, reads, writes and runs deadlines for every connection. Other
 * threads talk to it only through {@link #post}, which queues a task and wakes the selector;
 * delegated TLS tasks run on a small pool and come back that way.
 *
 * <p>One iteration: select (sleeping no longer than the next deadline tick), dispatch every
 * ready key, run the posted tasks, expire deadlines. A fault inside one connection closes that
 * connection alone; only a failed selector or an Error stops the loop.
 */
public final class EventLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** Accepts per OP_ACCEPT event, so a connection flood cannot starve the connections already open. */
    private static final int ACCEPTS_PER_EVENT = 64;
    /** How long accepting rests after it failed (out of descriptors), unless a connection closes first. */
    private static final long ACCEPT_PAUSE_MILLIS = 100;

    private final Selector selector;
    private final ServerSocketChannel acceptor;
    private final Supplier<SSLEngine> engines;
    private final Supplier<HttpExchange> exchanges;
    private final Settings settings;
    private final BufferPool buffers;
    /** Runs the engine's delegated tasks (the handshake's signatures and key agreement). */
    private final ExecutorService taskPool;
    /** Tasks from other threads, run by the loop after each select. */
    private final Queue<Runnable> posted = new ConcurrentLinkedQueue<>();
    /** Open connections; only the loop thread touches the set. */
    private final Set<Connection> connections = new HashSet<>();
    /** Open connections, readable from any thread for tests and metrics. */
    private final AtomicInteger openCount = new AtomicInteger();
    /** Open connections per client address, for the per-address limit; loop thread only. */
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    /** Loop time of the last "too many connections" warning, so a flood logs once a second. */
    private long lastLimitWarning = Long.MIN_VALUE / 2;

    private final Deadlines<Connection.TimerRef> deadlines;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** The loop's clock in milliseconds, read once per iteration; only the loop thread writes it. */
    private long nowMillis;
    /** Numbers connection ids; loop thread only. */
    private long connectionSeq;
    /** Set by {@link #stop()} from any thread; the loop ends once every connection is closed. */
    private volatile boolean stopping;
    /** The listener's key; its interest is cleared while accepting pauses. */
    private final SelectionKey acceptKey;
    /** Loop time when a pause in accepting ends, or 0 while accepting; loop thread only. */
    private long acceptPausedUntil;
    /** Loop time of the last accept-failure warning, so descriptor exhaustion logs once a second. */
    private long lastAcceptWarning = Long.MIN_VALUE / 2;

    /** Set when the loop ends on a failed selector or an Error, read after it ended. */
    private volatile boolean failed;
    /** When stopping, busy connections are cut at this time on the loop clock. */
    private long drainUntil = Long.MAX_VALUE;

    public EventLoop(
            ServerSocketChannel acceptor,
            Supplier<SSLEngine> engines,
            Supplier<HttpExchange> exchanges,
            Settings settings,
            BufferPool buffers)
            throws IOException {
        this.selector = Selector.open();
        this.acceptor = acceptor;
        this.engines = engines;
        this.exchanges = exchanges;
        this.settings = settings;
        this.buffers = buffers;
        this.nowMillis = clock();
        this.deadlines = new Deadlines<>(nowMillis);
        AtomicInteger taskThreads = new AtomicInteger();
        this.taskPool =
                Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread thread = new Thread(r, "nioserve-tls-task-" + taskThreads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        acceptor.configureBlocking(false);
        this.acceptKey = acceptor.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public void run() {
        try {
            while (!stopping || !connections.isEmpty()) {
                selector.select(selectTimeout());
                nowMillis = clock();
                dispatchSelected();
                runPosted();
                deadlines.expire(nowMillis);
                if (acceptPausedUntil != 0 && nowMillis >= acceptPausedUntil) {
                    resumeAccepting();
                }
                if (stopping && nowMillis >= drainUntil) {
                    closeAll("server stopped");
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            failed = true;
            log.error("the selector failed; the server cannot go on", e);
        } catch (Error e) {
            failed = true;
            log.error("fatal error on the event loop; the server stops", e);
            throw e;
        } finally {
            shutDownResources();
            stopped.countDown();
        }
    }

    private void dispatchSelected() {
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof Connection connection) {
                connection.onReady();
            } else if (key.isAcceptable()) {
                acceptSome();
            }
        }
    }

    /** True when the loop ended on its own fault rather than by {@link #stop}. */
    public boolean failed() {
        return failed;
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
            SocketChannel channel;
            try {
                channel = acceptor.accept();
            } catch (IOException e) {
                pauseAccepting(e);
                return;
            }
            if (channel == null) {
                return;
            }
            register(channel);
        }
    }

    /**
     * EMFILE and friends leave the listener ready, so accepting again at once would spin the loop
     * and flood the log. Accepting rests until a connection closes or a short pause ends.
     */
    private void pauseAccepting(IOException e) {
        if (nowMillis - lastAcceptWarning >= 1000) {
            lastAcceptWarning = nowMillis;
            log.warn("accept failed, pausing new connections briefly: {}", e.toString());
        }
        acceptKey.interestOps(0);
        acceptPausedUntil = nowMillis + ACCEPT_PAUSE_MILLIS;
    }

    private void resumeAccepting() {
        if (acceptPausedUntil != 0 && acceptKey.isValid()) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        acceptPausedUntil = 0;
    }

    /** How long select may sleep: until the next deadline tick, and no later than the end of an accept pause. */
    private long selectTimeout() {
        long sleep = deadlines.millisToNextTick(clock());
        if (acceptPausedUntil == 0) {
            return sleep;
        }
        long pause = Math.max(1, acceptPausedUntil - clock());
        return sleep == 0 ? pause : Math.min(sleep, pause);
    }

    private void register(SocketChannel channel) {
        try {
            setUp(channel);
        } catch (RuntimeException e) {
            // One socket's set-up fault must not end the loop that serves all the others.
            log.warn("setting up a connection failed on a server fault", e);
            closeQuietly(channel);
        }
    }

    private void setUp(SocketChannel channel) {
        String id = "c" + (++connectionSeq);
        InetAddress peer = peerAddress(channel);
        if (!admit(id, peer)) {
            closeQuietly(channel);
            return;
        }
        try {
            channel.configureBlocking(false);
            // Without it a kept-alive server waits ~40 ms per response on the client's delayed ACK.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            TlsSession tls = new TlsSession(engines.get(), channel, buffers);
            Connection connection = new Connection(id, channel, key, tls, exchanges.get(), this, peer);
            key.attach(connection);
            connections.add(connection);
            perAddress.merge(peer, 1, Integer::sum);
            openCount.incrementAndGet();
            log.debug("{} accepted from {}", id, channel.getRemoteAddress());
        } catch (IOException e) {
            log.debug("{} could not be set up: {}", id, e.toString());
            closeQuietly(channel);
        }
    }

    /**
     * Past either limit a new socket is closed before it costs a handshake. The global limit is a
     * capacity problem worth a WARN, at most once a second; one greedy client is only DEBUG.
     */
    private boolean admit(String id, InetAddress peer) {
        if (connections.size() >= settings.connections().max()) {
            if (nowMillis - lastLimitWarning >= 1000) {
                lastLimitWarning = nowMillis;
                log.warn("{} connections open, the limit: refusing new ones", connections.size());
            }
            return false;
        }
        if (perAddress.getOrDefault(peer, 0) >= settings.connections().perAddress()) {
            log.debug(
                    "{} refused: {} already holds {} connections",
                    id,
                    peer,
                    settings.connections().perAddress());
            return false;
        }
        return true;
    }

    private static InetAddress peerAddress(SocketChannel channel) {
        try {
            return ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    /** Queues a task for the loop thread and wakes it; callable from any thread. */
    public void post(Runnable task) {
        posted.add(task);
        selector.wakeup();
    }

    private void runPosted() {
        for (int n = posted.size(); n > 0; n--) {
            Runnable task = posted.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("a task posted to the loop failed", e);
            }
        }
    }

    /** Runs delegated TLS work off the loop, then resumes the connection on the loop. */
    void runTask(Connection connection, Runnable work) {
        try {
            taskPool.execute(() -> {
                try {
                    work.run();
                } finally {
                    post(connection::onTaskDone);
                }
            });
        } catch (RejectedExecutionException e) {
            connection.close("server stopping");
        }
    }

    void schedule(Connection.TimerRef timer, long atMillis) {
        deadlines.schedule(timer, atMillis);
    }

    void onClosed(Connection connection) {
        if (acceptPausedUntil != 0 && !stopping) {
            resumeAccepting(); // a descriptor came free
        }
        if (connections.remove(connection)) {
            perAddress.computeIfPresent(connection.peer, (address, n) -> n == 1 ? null : n - 1);
            openCount.decrementAndGet();
        }
    }

    Settings settings() {
        return settings;
    }

    long nowMillis() {
        return nowMillis;
    }

    long timeoutMillis(DeadlineKind kind) {
        Settings.Timeouts timeouts = settings.timeouts();
        return switch (kind) {
            case HANDSHAKE -> timeouts.handshake().toMillis();
            case REQUEST_HEAD -> timeouts.requestHead().toMillis();
            case IDLE -> timeouts.idle().toMillis();
            case BODY, SEND -> timeouts.send().toMillis();
            case CLOSE_GRACE -> timeouts.closeGrace().toMillis();
        };
    }

    BufferPool buffers() {
        return buffers;
    }

    /** Connections open now; safe from any thread. */
    public int openConnections() {
        return openCount.get();
    }

    /**
     * Stops accepting and closes every connection: idle ones at once with close_notify, busy ones
     * when their response is out or after {@code drain}. Returns at once; see {@link #awaitStopped}.
     */
    public void stop(java.time.Duration drain) {
        post(() -> {
            if (stopping) {
                return;
            }
            stopping = true;
            drainUntil = nowMillis + drain.toMillis();
            closeQuietly(acceptor);
            for (Connection connection : new ArrayList<>(connections)) {
                connection.stopWhenIdle();
            }
        });
    }

    public boolean awaitStopped(java.time.Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    boolean stopping() {
        return stopping;
    }

    private void closeAll(String reason) {
        for (Connection connection : new ArrayList<>(connections)) {
            connection.close(reason);
        }
    }

    private void shutDownResources() {
        closeAll("server stopped");
        taskPool.shutdownNow();
        closeQuietly(acceptor);
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the selector failed: {}", e.toString());
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed: {}", channel, e.toString());
        }
    }

    private static long clock() {
        return System.nanoTime() / 1_000_000;
    }
}
