package dev.nioserve.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The server side of {@link FreshJvmPolicyTest}, run as the main class of a new JVM. It starts as
 * Main does, installing the JVM-wide policy before anything else touches TLS, then serves the dev
 * certificate on 127.0.0.1 one connection at a time. It tells the test its port in {@code
 * dir/port} and appends each connection's outcome to {@code dir/outcomes}, one tab-separated line
 * each. It exits once no client has come for {@link #IDLE}, or when the test stops it.
 */
final class FreshJvmServer {
    static final String PORT_FILE = "port";
    static final String OUTCOMES_FILE = "outcomes";
    /** Bounds the process's life if the test that started it dies without stopping it. */
    private static final Duration IDLE = Duration.ofMinutes(2);

    private FreshJvmServer() {}

    public static void main(String[] args) throws Exception {
        TlsPolicy.installJvmDefaults();
        Path dir = Path.of(args[0]);
        ServerTls tls = ServerTls.devCertificate(dir);
        try (BlockingTlsServer server = new BlockingTlsServer(tls)) {
            Path portTemp = Files.writeString(dir.resolve(PORT_FILE + ".tmp"), Integer.toString(server.port()));
            Files.move(portTemp, dir.resolve(PORT_FILE), StandardCopyOption.ATOMIC_MOVE);
            while (true) {
                BlockingTlsServer.Outcome outcome = server.nextOutcome(IDLE);
                Files.writeString(
                        dir.resolve(OUTCOMES_FILE),
                        format(outcome) + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        }
    }

    static String format(BlockingTlsServer.Outcome outcome) {
        return String.join(
                "\t",
                orDash(outcome.protocol()),
                orDash(outcome.cipherSuite()),
                orDash(outcome.applicationProtocol()),
                orDash(outcome.failure()).replace('\t', ' ').replace('\n', ' '));
    }

    static BlockingTlsServer.Outcome parse(String line) {
        String[] fields = line.split("\t", -1);
        return new BlockingTlsServer.Outcome(
                orNull(fields[0]), orNull(fields[1]), orNull(fields[2]), orNull(fields[3]));
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String orNull(String field) {
        return field.equals("-") ? null : field;
    }
}
