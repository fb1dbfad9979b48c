package dev.nioserve.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line to make test fixtures and to act as a real TLS client. */
final class Openssl {
    /** Key generation and one handshake take well under a second; this only stops a hung run. */
    private static final long TIMEOUT_SECONDS = 60;

    private Openssl() {}

    /** What one run printed (stdout and stderr merged) and how it exited. */
    record Result(int exitCode, String output) {}

    /**
     * Runs {@code openssl} in dir with the arguments of a command line, split at spaces as a shell
     * would (no quoting, so no argument may hold a space), and fails the test unless it exits 0.
     */
    static String run(Path dir, String commandLine) {
        Result result = attempt(dir, commandLine);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    "openssl " + commandLine + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** As {@link #run}, returning how it went, for commands expected to fail. */
    static Result attempt(Path dir, String commandLine) {
        return exec(dir, command(commandLine), "");
    }

    private static List<String> command(String commandLine) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(commandLine.trim().split(" +")));
        return command;
    }

    /**
     * Connects {@code openssl s_client} to 127.0.0.1:port with the extra options. Its stdin is closed
     * at once, so it hangs up as soon as the handshake is over; the exit code says whether it worked.
     */
    static Result client(Path dir, int port, String options) {
        return client(dir, port, options, "");
    }

    /** As {@link #client(Path, int, String)}, typing {@code input} (s_client reads "R" as renegotiate) first. */
    static Result client(Path dir, int port, String options, String input) {
        return exec(dir, command("s_client -connect 127.0.0.1:" + port + " " + options), input);
    }

    /** Writes a text file into dir, for openssl config snippets and fixtures. */
    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + name, e);
        }
    }

    private static Result exec(Path dir, List<String> command, String input) {
        try {
            Path output = Files.createTempFile(dir, "openssl", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.US_ASCII));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running openssl", e);
        }
    }
}
