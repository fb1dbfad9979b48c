package dev.nioserve.loop;

import dev.nioserve.config.Settings;
import dev.nioserve.http.HttpExchange;
import dev.nioserve.http.HttpLimits;
import dev.nioserve.http.RequestHandler;
import dev.nioserve.http.ResponseHeads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/** A bound listener and the loop thread that serves it: what Main starts and tests embed. */
public final class Server {
    /** Accepted connections the kernel may queue before the loop takes them. */
    private static final int BACKLOG = 1024;
    /** Free buffers the pool keeps; past that, emptied buffers go to the GC. */
    private static final int MAX_FREE_BUFFERS = 256;

    private final ServerSocketChannel acceptor;
    private final EventLoop loop;
    private final BufferPool buffers;
    private final Thread thread;

    private Server(ServerSocketChannel acceptor, EventLoop loop, BufferPool buffers) {
        this.acceptor = acceptor;
        this.loop = loop;
        this.buffers = buffers;
        this.thread = new Thread(loop, "nioserve-loop");
    }

    /**
     * Binds {@code settings.host()} (null: every interface, IPv6 and IPv4 where the system has
     * IPv6) and starts serving.
     */
    public static Server start(Settings settings, Supplier<SSLEngine> engines, RequestHandler handler)
            throws IOException {
        ServerSocketChannel acceptor = bind(settings.host(), settings.port());
        try {
            BufferPool buffers = new BufferPool(bufferSize(engines.get()), MAX_FREE_BUFFERS);
            ResponseHeads heads =
                    new ResponseHeads(serverName(settings.policy()), hsts(settings.policy()), Clock.systemUTC());
            HttpLimits limits = settings.limits();
            Supplier<HttpExchange> exchanges = () -> new HttpExchange(limits, handler, heads);
            EventLoop loop = new EventLoop(acceptor, engines, exchanges, settings, buffers);
            Server server = new Server(acceptor, loop, buffers);
            server.thread.start();
            return server;
        } catch (IOException | RuntimeException e) {
            acceptor.close();
            throw e;
        }
    }

    private static ServerSocketChannel bind(String host, int port) throws IOException {
        ServerSocketChannel acceptor = ServerSocketChannel.open();
        try {
            acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            InetSocketAddress address = host == null
                    ? new InetSocketAddress(port)
                    : new InetSocketAddress(InetAddress.getByName(host), port);
            acceptor.bind(address, BACKLOG);
            return acceptor;
        } catch (IOException | RuntimeException e) {
            acceptor.close();
            throw e;
        }
    }

    private static String serverName(Settings.Policy policy) {
        return policy.serverVersion() ? "nioserve/" + version() : "nioserve";
    }

    /** The version Maven wrote into nioserve.properties at build time. */
    static String version() {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.InputStream in = Server.class.getResourceAsStream("/nioserve.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // no version to tell is no reason not to serve
        }
        return properties.getProperty("version", "unknown");
    }

    private static String hsts(Settings.Policy policy) {
        return policy.hstsMaxAge() == null
                ? null
                : "max-age=" + policy.hstsMaxAge().toSeconds();
    }

    /** One pooled size serves all four buffers: the larger of the session's packet and plaintext sizes. */
    private static int bufferSize(SSLEngine probe) {
        SSLSession session = probe.getSession();
        int size = Math.max(session.getPacketBufferSize(), session.getApplicationBufferSize());
        return (size + 1023) / 1024 * 1024;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) acceptor.getLocalAddress();
    }

    public int port() {
        return acceptor.socket().getLocalPort();
    }

    /** Connections open now. */
    public int openConnections() {
        return loop.openConnections();
    }

    /** Pooled buffers lent to connections now; 0 when every connection is idle. */
    public int buffersLent() {
        return buffers.lent();
    }

    /** The loop thread, for tests that watch its CPU time. */
    public Thread loopThread() {
        return thread;
    }

    /** Stops accepting, closes idle connections now and busy ones within {@code drain}, and waits. */
    public void stop(Duration drain) throws InterruptedException {
        loop.stop(drain);
        loop.awaitStopped(drain.plusSeconds(5));
    }

    /** True when the loop ended on a fatal fault (a failed selector, an Error) rather than a stop. */
    public boolean failed() {
        return loop.failed();
    }

    /** Waits until the loop has ended, by {@link #stop} or by a fatal error. */
    public void awaitStopped() throws InterruptedException {
        loop.awaitStopped(Duration.ofDays(365_000));
    }
}
