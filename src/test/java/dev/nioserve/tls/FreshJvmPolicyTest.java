package dev.nioserve.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM-wide part of the policy, named groups and refused renegotiation, which the JDK reads
 * once per JVM. Any earlier test in this JVM may have made an SSLContext before {@link
 * TlsPolicy#installJvmDefaults()}, so the server runs in a JVM of its own that starts as Main
 * does ({@link FreshJvmServer}), and openssl connects to it over loopback.
 */
class FreshJvmPolicyTest {
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static Process server;
    private static int port;
    /** Outcomes read so far; each test takes the one its own connection added. */
    private static int outcomesSeen;

    @BeforeAll
    static void startServerInAFreshJvm() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire may run tests from a manifest-only jar; this property holds the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        server = new ProcessBuilder(java, "-cp", classPath, FreshJvmServer.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        Path portFile = dir.resolve(FreshJvmServer.PORT_FILE);
        await().atMost(START_WAIT).until(() -> Files.exists(portFile) || !server.isAlive());
        assertTrue(server.isAlive(), () -> "the server JVM exited: " + log());
        port = Integer.parseInt(Files.readString(portFile).trim());
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "client offering only {0} is accepted: {1}")
    @CsvSource({"X25519, true", "P-256, true", "P-384, true", "P-521, false", "X448, false", "ffdhe2048, false"})
    void onlyThePolicyGroupsAreAccepted(String group, boolean accepted) throws IOException {
        Openssl.Result client = Openssl.client(dir, port, "-groups " + group);

        BlockingTlsServer.Outcome outcome = nextOutcome();
        assertEquals(accepted, client.exitCode() == 0, client.output());
        assertEquals(accepted ? "TLSv1.3" : null, outcome.protocol());
        assertEquals(accepted, outcome.failure() == null, outcome.failure());
    }

    @Test
    void clientInitiatedRenegotiationIsRefused() throws IOException {
        Openssl.Result client = Openssl.client(dir, port, "-tls1_2", "R\n");

        BlockingTlsServer.Outcome outcome = nextOutcome();
        assertEquals("TLSv1.2", outcome.protocol(), client.output());
        assertNotNull(outcome.failure(), "the server ended the connection at the renegotiation");
        assertTrue(outcome.failure().contains("renegotiation"), outcome.failure());
    }

    /** Waits for the server to record the connection just made, and returns how it went. */
    private static BlockingTlsServer.Outcome nextOutcome() throws IOException {
        Path outcomes = dir.resolve(FreshJvmServer.OUTCOMES_FILE);
        await().atMost(OUTCOME_WAIT).until(() -> lines(outcomes).size() > outcomesSeen);
        List<String> lines = lines(outcomes);
        assertEquals(outcomesSeen + 1, lines.size(), "one connection, one outcome");
        return FreshJvmServer.parse(lines.get(outcomesSeen++));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
