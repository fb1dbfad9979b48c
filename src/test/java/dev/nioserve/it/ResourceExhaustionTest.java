package dev.nioserve.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.config.Settings;
import dev.nioserve.http.HttpLimits;
import dev.nioserve.support.RunningServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a flood costs once it is over, and what the server does when the system says no: memory
 * must follow the connections that are open, not the ones that were, and a full descriptor table
 * must neither spin the loop nor write a warning per failed accept.
 */
@Timeout(120)
class ResourceExhaustionTest {
    private static final Pattern LISTENING = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void closedConnectionsAreNotKeptInMemoryUntilTheirDeadlineComesDue() throws Exception {
        // A long handshake deadline keeps every entry on the wheel for the whole test.
        Duration long60 = Duration.ofSeconds(60);
        try (RunningServer server = RunningServer.start(
                new Settings.Timeouts(long60, long60, long60, long60, Duration.ofSeconds(1)), HttpLimits.DEFAULT)) {
            long before = heapUsedAfterGc();
            for (int i = 0; i < 3000; i++) {
                HostileSockets.reset(HostileSockets.plain(server.port()));
            }
            server.awaitQuiet();
            long grown = heapUsedAfterGc() - before;
            assertTrue(grown < 3 << 20, "3000 closed connections still hold " + (grown >> 10) + " KiB of heap");
        }
    }

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Two collections, keeping the lower figure: the first may leave garbage a finalizer freed.
        for (int i = 0; i < 2; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void fullDescriptorTableNeitherSpinsTheLoopNorFloodsTheLog() throws Exception {
        Process server = startWithDescriptorLimit(128);
        List<Socket> idle = new ArrayList<>();
        try {
            int port = awaitPort(server);
            // More idle sockets than descriptors: the kernel queues them, the server cannot take them.
            for (int i = 0; i < 200; i++) {
                idle.add(HostileSockets.plain(port));
            }
            await().pollDelay(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            long cpuBefore = cpuMillis(server);
            long linesBefore = logLines();
            await().pollDelay(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> true);
            long cpu = cpuMillis(server) - cpuBefore;
            long lines = logLines() - linesBefore;

            assertTrue(cpu < 500, "the server used " + cpu + " ms of CPU in 2 s with a full descriptor table");
            assertTrue(lines < 20, "the server logged " + lines + " lines in 2 s with a full descriptor table");
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Main in a JVM of its own whose descriptor limit (soft and hard) is {@code limit}. */
    private Process startWithDescriptorLimit(int limit) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire may run tests from a manifest-only jar; this property holds the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String command = String.join(
                " ",
                "ulimit -n " + limit + " &&",
                "exec '" + java + "' -cp '" + classPath + "' dev.nioserve.Main",
                "--host 127.0.0.1 --port 0 --root '" + root + "' --dev-cert-dir '" + dir + "'",
                "--handshake-timeout 60");
        return new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
    }

    private int awaitPort(Process server) {
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            found[0] = LISTENING.matcher(Files.readString(dir.resolve("server.log")));
            return found[0].find() || !server.isAlive();
        });
        assertTrue(server.isAlive(), "the server exited at start");
        return Integer.parseInt(found[0].group(1));
    }

    private long logLines() throws IOException {
        try (var lines = Files.lines(dir.resolve("server.log"))) {
            return lines.count();
        }
    }

    private static long cpuMillis(Process process) {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .orElseThrow(() -> new AssertionError("no CPU figure for the server process"))
                .toMillis();
    }
}
