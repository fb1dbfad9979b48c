package dev.nioserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.support.Command;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: a mistake is one line on stderr and exit code 2, never a stack trace. */
@Timeout(120)
class MainTest {
    @TempDir
    Path dir;

    private Command.Result main(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.nioserve.Main"));
        command.addAll(List.of(args));
        return Command.run(new byte[0], 60, Map.of(), command);
    }

    private void assertRefused(String expected, String... args) {
        Command.Result result = main(args);
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("nioserve: " + expected), result.output());
        assertFalse(result.output().contains("\tat "), "no stack trace: " + result.output());
    }

    @Test
    void badFlagExitsWith2() {
        assertRefused("--port takes a whole number, not 'x'", "--port", "x");
    }

    @Test
    void missingRootExitsWith2() {
        assertRefused(
                "document root",
                "--port",
                "0",
                "--root",
                dir.resolve("nope").toString(),
                "--dev-cert-dir",
                dir.resolve("certs").toString());
    }

    @Test
    void missingCertificateFileExitsWith2() {
        assertRefused(
                "",
                "--port",
                "0",
                "--cert",
                dir.resolve("cert.pem").toString(),
                "--key",
                dir.resolve("key.pem").toString());
    }

    @Test
    void keyThatDoesNotMatchItsCertificateExitsWith2() throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        for (Path p : new Path[] {one, two}) {
            Files.createDirectories(p);
            Command.Result made = Command.run(
                    60,
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-sha256",
                    "-keyout",
                    p.resolve("key.pem").toString(),
                    "-out",
                    p.resolve("cert.pem").toString(),
                    "-days",
                    "365",
                    "-subj",
                    "/CN=localhost");
            assertEquals(0, made.exitCode(), made.output());
        }
        assertRefused(
                "",
                "--port",
                "0",
                "--cert",
                one.resolve("cert.pem").toString(),
                "--key",
                two.resolve("key.pem").toString());
    }

    @Test
    void portInUseExitsWith2() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            assertRefused(
                    "cannot listen on port " + taken.getLocalPort(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(taken.getLocalPort()),
                    "--dev-cert-dir",
                    dir.resolve("certs").toString());
        }
    }

    @Test
    void helpPrintsUsageAndExits0() {
        Command.Result result = main("--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.output().startsWith("Usage: java -jar nioserve.jar"));
    }
}
