package dev.nioserve.config;

import dev.nioserve.files.FileOptions;
import dev.nioserve.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The command line, read into one {@link Settings}. Flags take their value as the next word or
 * after '='. Anything wrong is a {@link UsageException} whose message is one line for a person.
 */
public final class Flags {

    public static final String USAGE =
            """
            Usage: java -jar nioserve.jar [flags]

              --host ADDR               address to bind (default: every interface, IPv6 and IPv4)
              --port N                  port to bind (default 8443; 0 picks a free one)
              --root DIR                document root (default: the bundled site)
              --cert FILE --key FILE    PEM certificate chain and private key
              --key-password PASS       password of an encrypted PEM key
              --keystore FILE           PKCS#12 keystore instead of PEM files
              --keystore-password PASS  its password
              --dev-cert-dir DIR        where the development certificate lives (default: certs)
              --handshake-timeout S     seconds to finish the TLS handshake (default 10)
              --request-timeout S       seconds to send a whole request head (default 20)
              --idle-timeout S          seconds a kept-alive connection may sit idle (default 60)
              --send-timeout S          seconds a response may wait for a reader that takes nothing (default 60)
              --max-request-line N      bytes of the request line before 414 (default 8192)
              --max-header-bytes N      bytes of the header section before 431 (default 16384)
              --max-headers N           header fields before 431 (default 100)
              --max-body N              bytes of a request body before 413 (default 1048576)
              --max-connections N       open connections in all (default 10000)
              --max-connections-per-ip N  open connections from one client address (default 256)
              --plain-http MODE         plain HTTP on the TLS port: redirect (GET/HEAD get a 301 to
                                        https://) or reject (always 400) (default redirect)
              --hsts                    add Strict-Transport-Security (max-age one year)
              --server-version          name the version in the Server header
              --list-dirs               list directories that have no index.html
              --serve-dotfiles          serve names starting with '.', hidden by default
              --follow-symlinks         follow links that lead out of the root
              --no-compression          never send .br/.gz siblings or gzip on the fly
              --cache-control VALUE     Cache-Control of file responses (default no-cache)
              --file-cache BYTES        memory for hot small files (default 8388608; 0 turns it off)
              --help                    this text
            """;

    /** Flags that take no value: present means on. */
    private static final java.util.Set<String> SWITCHES = java.util.Set.of(
            "hsts", "server-version", "list-dirs", "serve-dotfiles", "follow-symlinks", "no-compression");

    /** Thrown for --help: the caller prints {@link #USAGE} and exits 0. */
    public static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help", null, false, false);
        }
    }

    /** A command line that cannot be used, with a message that says why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private Flags() {}

    public static Settings parse(String... args) throws UsageException, HelpRequested {
        Map<String, String> given = read(args);
        Settings defaults = Settings.defaults();
        String host = given.remove("host");
        int port = intFlag(given, "port", defaults.port(), 0, 65535);
        Path root = pathFlag(given, "root");
        Settings.TlsSource tls = tlsSource(given);
        HttpLimits limits = limits(given, defaults.limits());
        Settings.Timeouts timeouts = timeouts(given, defaults.timeouts());
        Settings.ConnectionLimits connections = new Settings.ConnectionLimits(
                intFlag(given, "max-connections", defaults.connections().max(), 1, 1_000_000),
                intFlag(given, "max-connections-per-ip", defaults.connections().perAddress(), 1, 1_000_000));
        FileOptions files = files(given);
        Settings.Policy policy = policy(given);
        if (!given.isEmpty()) {
            throw new UsageException(
                    "unknown flag --" + given.keySet().iterator().next() + " (see --help)");
        }
        return new Settings(host, port, root, tls, limits, timeouts, connections, files, policy);
    }

    private static Map<String, String> read(String[] args) throws UsageException, HelpRequested {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (see --help)");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value;
            if (SWITCHES.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "on";
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (given.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        return given;
    }

    private static Settings.TlsSource tlsSource(Map<String, String> given) throws UsageException {
        Path cert = pathFlag(given, "cert");
        Path key = pathFlag(given, "key");
        char[] keyPassword = chars(given.remove("key-password"));
        Path keystore = pathFlag(given, "keystore");
        char[] keystorePassword = chars(given.remove("keystore-password"));
        Path devDir = pathFlag(given, "dev-cert-dir");
        if ((cert == null) != (key == null)) {
            throw new UsageException("--cert and --key go together");
        }
        if (cert != null && keystore != null) {
            throw new UsageException("use either --cert/--key or --keystore, not both");
        }
        if (keystore == null && keystorePassword != null) {
            throw new UsageException("--keystore-password needs --keystore");
        }
        if (cert == null && keyPassword != null) {
            throw new UsageException("--key-password needs --key");
        }
        if (cert != null) {
            return Settings.TlsSource.pem(cert, key, keyPassword);
        }
        if (keystore != null) {
            return Settings.TlsSource.pkcs12(keystore, keystorePassword == null ? new char[0] : keystorePassword);
        }
        return Settings.TlsSource.devCertificate(devDir != null ? devDir : Path.of("certs"));
    }

    private static FileOptions files(Map<String, String> given) throws UsageException {
        FileOptions.Builder files = FileOptions.builder()
                .directoryListing(given.remove("list-dirs") != null)
                .dotfiles(given.remove("serve-dotfiles") != null)
                .symlinksOutOfRoot(given.remove("follow-symlinks") != null)
                .compression(given.remove("no-compression") == null);
        String cacheControl = given.remove("cache-control");
        if (cacheControl != null) {
            files.cacheControl(cacheControl);
        }
        int cacheBytes =
                intFlag(given, "file-cache", (int) FileOptions.DEFAULTS.smallFileCacheBytes(), 0, Integer.MAX_VALUE);
        files.smallFileCache(FileOptions.DEFAULTS.smallFileMaxBytes(), cacheBytes);
        try {
            return files.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Settings.Policy policy(Map<String, String> given) throws UsageException {
        Duration hsts = given.remove("hsts") != null ? Duration.ofDays(365) : null;
        boolean serverVersion = given.remove("server-version") != null;
        String plain = given.remove("plain-http");
        Settings.PlainHttp plainHttp;
        if (plain == null || plain.equals("redirect")) {
            plainHttp = Settings.PlainHttp.REDIRECT;
        } else if (plain.equals("reject")) {
            plainHttp = Settings.PlainHttp.REJECT;
        } else {
            throw new UsageException("--plain-http takes redirect or reject, not '" + plain + "'");
        }
        return new Settings.Policy(hsts, plainHttp, serverVersion);
    }

    private static HttpLimits limits(Map<String, String> given, HttpLimits defaults) throws UsageException {
        return new HttpLimits(
                intFlag(given, "max-request-line", defaults.maxRequestLine(), 64, 1 << 20),
                intFlag(given, "max-header-bytes", defaults.maxHeaderBytes(), 64, 1 << 24),
                intFlag(given, "max-headers", defaults.maxHeaderCount(), 1, 10_000),
                intFlag(given, "max-body", (int) defaults.maxBodyBytes(), 0, Integer.MAX_VALUE));
    }

    private static Settings.Timeouts timeouts(Map<String, String> given, Settings.Timeouts defaults)
            throws UsageException {
        return new Settings.Timeouts(
                seconds(given, "handshake-timeout", defaults.handshake()),
                seconds(given, "request-timeout", defaults.requestHead()),
                seconds(given, "idle-timeout", defaults.idle()),
                seconds(given, "send-timeout", defaults.send()),
                defaults.closeGrace());
    }

    private static Duration seconds(Map<String, String> given, String name, Duration fallback) throws UsageException {
        int value = intFlag(given, name, (int) fallback.toSeconds(), 1, 86_400);
        return Duration.ofSeconds(value);
    }

    private static int intFlag(Map<String, String> given, String name, int fallback, int min, int max)
            throws UsageException {
        String text = given.remove(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new UsageException("--" + name + " must be from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, not '" + text + "'");
        }
    }

    private static Path pathFlag(Map<String, String> given, String name) throws UsageException {
        String text = given.remove(name);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw new UsageException("--" + name + " needs a path");
        }
        return Path.of(text);
    }

    private static char[] chars(String text) {
        return text == null ? null : text.toCharArray();
    }
}
