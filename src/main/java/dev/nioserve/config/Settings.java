package dev.nioserve.config;

import dev.nioserve.files.FileOptions;
import dev.nioserve.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server was told at start, fixed for its life. Built once by {@link Flags} from
 * the command line; every part of the server reads it and none changes it.
 *
 * @param host the address to bind; null binds every interface, IPv6 and IPv4
 * @param port the port to bind; 0 lets the system pick a free one
 * @param root the document root, or null for the site bundled in the jar
 * @param tls where the certificate and key come from
 * @param limits sizes a request head may reach
 * @param timeouts the deadlines of one connection
 * @param connections how many connections the server and one client address may hold
 * @param files how static files are served
 * @param policy what the server adds to or refuses beyond HTTP itself
 */
public record Settings(
        String host,
        int port,
        Path root,
        TlsSource tls,
        HttpLimits limits,
        Timeouts timeouts,
        ConnectionLimits connections,
        FileOptions files,
        Policy policy) {

    public static final int DEFAULT_PORT = 8443;

    /** Settings with the default connection limits, file options and policy. */
    public Settings(String host, int port, Path root, TlsSource tls, HttpLimits limits, Timeouts timeouts) {
        this(host, port, root, tls, limits, timeouts, ConnectionLimits.DEFAULT, FileOptions.DEFAULTS, Policy.DEFAULT);
    }

    /**
     * @param max open connections in all; past it new sockets are closed at once
     * @param perAddress open connections from one client address; past it the same
     */
    public record ConnectionLimits(int max, int perAddress) {
        public static final ConnectionLimits DEFAULT = new ConnectionLimits(10_000, 256);
    }

    /** What plain HTTP sent to the TLS port gets. */
    public enum PlainHttp {
        /** GET and HEAD get a plaintext 301 to the same target on https://; anything else a 400. */
        REDIRECT,
        /** Every plain request gets a plaintext 400 that says to use https://. */
        REJECT
    }

    /**
     * @param hstsMaxAge the Strict-Transport-Security max-age on every response, or null for none
     * @param plainHttp the answer to plain HTTP on the TLS port
     * @param serverVersion whether the Server header names the version, which helps attackers more than users
     */
    public record Policy(Duration hstsMaxAge, PlainHttp plainHttp, boolean serverVersion) {
        public static final Policy DEFAULT = new Policy(null, PlainHttp.REDIRECT, false);
    }

    /** Where the server's certificate and key come from. Exactly one kind is set. */
    public record TlsSource(
            Path certPem, Path keyPem, char[] keyPassword, Path keystore, char[] keystorePassword, Path devCertDir) {

        public static TlsSource devCertificate(Path dir) {
            return new TlsSource(null, null, null, null, null, dir);
        }

        public static TlsSource pem(Path cert, Path key, char[] password) {
            return new TlsSource(cert, key, password, null, null, null);
        }

        public static TlsSource pkcs12(Path keystore, char[] password) {
            return new TlsSource(null, null, null, keystore, password, null);
        }
    }

    /**
     * @param handshake from accept until the TLS handshake completes
     * @param requestHead from a request's first byte until its head is complete, however slowly it trickles
     * @param idle between requests on a kept-alive connection
     * @param send without any progress writing a response to a reader that takes nothing
     * @param closeGrace after close_notify is sent, waiting for the peer's and draining its bytes
     */
    public record Timeouts(
            Duration handshake, Duration requestHead, Duration idle, Duration send, Duration closeGrace) {
        public static final Timeouts DEFAULT = new Timeouts(
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(2));
    }

    /** The embedded default: every interface, port 8443, bundled site, dev certificate under ./certs. */
    public static Settings defaults() {
        return new Settings(
                null,
                DEFAULT_PORT,
                null,
                TlsSource.devCertificate(Path.of("certs")),
                HttpLimits.DEFAULT,
                Timeouts.DEFAULT);
    }
}
