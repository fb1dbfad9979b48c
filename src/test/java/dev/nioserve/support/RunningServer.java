package dev.nioserve.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nioserve.Main;
import dev.nioserve.config.Settings;
import dev.nioserve.http.HttpLimits;
import dev.nioserve.loop.Server;
import dev.nioserve.tls.TlsPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The real server, started through Main on 127.0.0.1 port 0 with a development certificate, over
 * the document tree the shared cases describe: a.txt (10 bytes), empty.txt, big.bin (1 MiB),
 * index.html, sub/index.html, evil.example/index.html, and outside/secret.txt beside the root with
 * a symlink link-out pointing at it.
 */
public final class RunningServer implements AutoCloseable {
    static {
        TlsPolicy.installJvmDefaults();
    }

    private final Server server;
    private final Path base;
    private final Path root;

    private RunningServer(Server server, Path base, Path root) {
        this.server = server;
        this.base = base;
        this.root = root;
    }

    public static RunningServer start() {
        return start(Settings.Timeouts.DEFAULT, HttpLimits.DEFAULT);
    }

    public static RunningServer start(Settings.Timeouts timeouts, HttpLimits limits) {
        return start(settings -> new Settings(
                settings.host(),
                settings.port(),
                settings.root(),
                settings.tls(),
                limits,
                timeouts,
                settings.connections(),
                settings.files(),
                settings.policy()));
    }

    /**
     * Starts over the site bundled in the jar, as Main does without --root: Main unpacks it into a
     * temporary directory of its own, so {@link #root()} then names the unused fixture tree.
     */
    public static RunningServer startBundledSite() {
        return start(settings -> new Settings(
                settings.host(),
                settings.port(),
                null,
                settings.tls(),
                settings.limits(),
                settings.timeouts(),
                settings.connections(),
                settings.files(),
                settings.policy()));
    }

    /** Starts with the test defaults as changed by {@code customize}; it must keep host, port and root. */
    public static RunningServer start(java.util.function.UnaryOperator<Settings> customize) {
        try {
            Path base = Files.createTempDirectory("nioserve-it");
            Path root = makeDocumentTree(base);
            Settings settings = customize.apply(new Settings(
                    "127.0.0.1",
                    0,
                    root,
                    Settings.TlsSource.devCertificate(sharedCertDir()),
                    HttpLimits.DEFAULT,
                    Settings.Timeouts.DEFAULT));
            LogCapture.instance().clear();
            return new RunningServer(Main.start(settings), base, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("server did not start: " + e.getMessage(), e);
        }
    }

    /** One certificate for the whole test run: making one costs a second of key generation. */
    private static synchronized Path sharedCertDir() throws IOException {
        Path dir = Path.of(
                System.getProperty("java.io.tmpdir"),
                "nioserve-test-devcert-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        return dir;
    }

    private static Path makeDocumentTree(Path base) throws IOException {
        Path root = Files.createDirectories(base.resolve("docroot"));
        Files.createDirectories(root.resolve("sub"));
        Files.createDirectories(root.resolve("evil.example"));
        Files.createDirectories(base.resolve("outside"));
        Files.writeString(root.resolve("a.txt"), "0123456789");
        Files.write(root.resolve("empty.txt"), new byte[0]);
        byte[] big = new byte[1 << 20];
        new Random(42).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        Files.writeString(root.resolve("sub/index.html"), "<h1>sub</h1>\n");
        Files.writeString(root.resolve("evil.example/index.html"), "<h1>e</h1>\n");
        Files.writeString(base.resolve("outside/secret.txt"), "TOPSECRET\n", StandardCharsets.US_ASCII);
        Files.createSymbolicLink(root.resolve("link-out"), Path.of("../outside/secret.txt"));
        return root;
    }

    public int port() {
        return server.port();
    }

    public Path root() {
        return root;
    }

    public Server server() {
        return server;
    }

    public byte[] file(String name) throws IOException {
        return Files.readAllBytes(root.resolve(name));
    }

    /** Fails when the server logged WARN or ERROR since the last call: a client's mistake never may. */
    public void assertNoWarnings() {
        List<String> warnings = LogCapture.instance().warnings();
        LogCapture.instance().clear();
        assertEquals(List.of(), warnings);
    }

    /** Waits until every connection is closed and every pooled buffer is back. */
    public void awaitQuiet() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(0, server.openConnections(), "open connections");
            assertEquals(0, server.buffersLent(), "buffers lent");
        });
    }

    /** CPU time the loop thread has used so far, in nanoseconds. */
    public long loopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getThreadCpuTime(server.loopThread().getId());
    }

    @Override
    public void close() {
        try {
            server.stop(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
