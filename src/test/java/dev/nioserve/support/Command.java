package dev.nioserve.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real client (curl, openssl, python3) with a time limit and gives back what it printed. */
public final class Command {
    private Command() {}

    /** What a finished command left: its exit code and its output, stderr after stdout. */
    public record Result(int exitCode, String output, byte[] stdout) {}

    public static Result run(byte[] stdin, int timeoutSeconds, Map<String, String> env, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process process = builder.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the client may exit before it reads its input; its output says why
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            byte[] stdout = out.join();
            String output = new String(stdout, StandardCharsets.ISO_8859_1)
                    + new String(err.join(), StandardCharsets.ISO_8859_1);
            return new Result(process.exitValue(), output, stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Result run(int timeoutSeconds, String... command) {
        return run(new byte[0], timeoutSeconds, Map.of(), List.of(command));
    }

    /** Runs one of the Python clients kept in test resources (clients/NAME.py) against the port. */
    public static Result python(String client, int port, int timeoutSeconds, String... args) {
        Path script = clientScript(client);
        List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        return run(new byte[0], timeoutSeconds, Map.of("PORT", Integer.toString(port)), command);
    }

    private static Path clientScript(String client) {
        try (InputStream in = Command.class.getResourceAsStream("/clients/" + client + ".py")) {
            if (in == null) {
                throw new IllegalArgumentException("no client " + client);
            }
            Path script = Files.createTempFile("nioserve-" + client, ".py");
            Files.write(script, in.readAllBytes());
            script.toFile().deleteOnExit();
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
