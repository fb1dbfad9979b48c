package dev.nioserve;

import dev.nioserve.config.Flags;
import dev.nioserve.config.Settings;
import dev.nioserve.files.BundledSite;
import dev.nioserve.handler.Router;
import dev.nioserve.loop.Server;
import dev.nioserve.tls.ServerTls;
import dev.nioserve.tls.TlsConfigException;
import dev.nioserve.tls.TlsPolicy;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the flags, loads the certificate, binds and serves until a stop signal. A user's mistake
 * (a bad flag, a missing file, a port in use) is one line on stderr and exit code 2.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    /** Exit code for a command line or configuration the server cannot use. */
    private static final int EXIT_USAGE = 2;
    /** Exit code when the loop died on the server's own fault, so a supervisor restarts it. */
    private static final int EXIT_FAULT = 1;
    /** How long in-flight responses get to finish when the server is told to stop. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private Main() {}

    /** A start-up failure the user can fix, with a message that says how. */
    public static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message, null, false, false);
        }
    }

    public static void main(String[] args) {
        // Must precede the first SSLContext: the JDK reads these properties once.
        TlsPolicy.installJvmDefaults();
        Settings settings;
        try {
            settings = Flags.parse(args);
        } catch (Flags.HelpRequested e) {
            System.out.print(Flags.USAGE);
            return;
        } catch (Flags.UsageException e) {
            System.err.println("nioserve: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        try {
            Server server = start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "nioserve-stop"));
            server.awaitStopped();
            if (server.failed()) {
                System.exit(EXIT_FAULT);
            }
        } catch (StartupException e) {
            System.err.println("nioserve: " + e.getMessage());
            System.exit(EXIT_USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a server for {@code settings}; used by Main and by the end-to-end tests. */
    public static Server start(Settings settings) throws StartupException {
        ServerTls tls = loadTls(settings.tls());
        Path root = documentRoot(settings.root());
        try {
            Router router = new Router(root, settings.files());
            Server server = Server.start(settings, tls::newEngine, router);
            log.info("serving {}", settings.root() == null ? "the bundled site" : root.toAbsolutePath());
            log.info("listening on https://{}:{}", hostForUrl(server.localAddress()), server.port());
            return server;
        } catch (BindException e) {
            throw new StartupException("cannot listen on port " + settings.port() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new StartupException("cannot start: " + e.getMessage());
        }
    }

    private static ServerTls loadTls(Settings.TlsSource source) throws StartupException {
        try {
            ServerTls tls;
            if (source.certPem() != null) {
                tls = ServerTls.fromPem(source.certPem(), source.keyPem(), source.keyPassword());
            } else if (source.keystore() != null) {
                tls = ServerTls.fromPkcs12(source.keystore(), source.keystorePassword());
            } else {
                tls = ServerTls.devCertificate(source.devCertDir());
                log.info(
                        "{} development certificate {} (not trusted by browsers; see certs/README.md)",
                        tls.generated() ? "made a new" : "using the",
                        source.devCertDir().resolve("dev-cert.pem"));
            }
            log.info(
                    "certificate {} expires {}; SHA-256 {}",
                    tls.leaf().getSubjectX500Principal().getName(),
                    tls.leaf().getNotAfter().toInstant(),
                    tls.fingerprintSha256());
            return tls;
        } catch (TlsConfigException e) {
            throw new StartupException(e.getMessage());
        }
    }

    private static Path documentRoot(Path root) throws StartupException {
        if (root == null) {
            try {
                return BundledSite.extract();
            } catch (IOException e) {
                throw new StartupException("cannot unpack the bundled site: " + e.getMessage());
            }
        }
        if (!Files.isDirectory(root)) {
            throw new StartupException("document root " + root + " is not a directory");
        }
        if (!Files.isReadable(root)) {
            throw new StartupException("document root " + root + " is not readable");
        }
        return root;
    }

    private static String hostForUrl(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        if (host.contains(":")) {
            return "[" + (host.equals("0:0:0:0:0:0:0:0") ? "::" : host.equals("0:0:0:0:0:0:0:1") ? "::1" : host) + "]";
        }
        return host;
    }

    private static void stop(Server server) {
        log.info("stopping");
        try {
            server.stop(DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped");
    }
}
