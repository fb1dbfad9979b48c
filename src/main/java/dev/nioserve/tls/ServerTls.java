package dev.nioserve.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS identity and the factory of its engines: one {@link SSLContext} built at start
 * from a certificate chain and its key, with {@link TlsPolicy} applied to the context and to every
 * engine. Immutable after construction; {@link #newEngine()} may be called from any thread.
 *
 * <p>The crypto runs on the JDK's own providers; BouncyCastle only parses PEM, decrypts encrypted
 * keys and builds the dev certificate.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    /** Protects the key only inside the in-memory keystore handed to the key manager. */
    private static final char[] IN_MEMORY_PASSWORD = "nioserve".toCharArray();

    /** Made once here; the source of every engine and of the server's session cache. */
    private final SSLContext context;
    /** The policy filtered to this context; read, never changed, after construction. */
    private final SSLParameters engineParameters;
    /** The chain whose leaf this server presents; fixed for its life. */
    private final Credentials credentials;
    /** True when devCertificate() wrote a new certificate on this call. */
    private final boolean generated;

    private ServerTls(Credentials credentials, boolean generated) {
        this.credentials = credentials;
        this.generated = generated;
        this.context = newContext(credentials);
        this.engineParameters = TlsPolicy.serverParameters(context);
    }

    /**
     * A PEM chain (leaf first, then intermediates; all are sent) and a PEM key: PKCS#8 ("PRIVATE
     * KEY"), PKCS#1 RSA ("RSA PRIVATE KEY"), SEC1 EC ("EC PRIVATE KEY"), encrypted PKCS#8
     * ("ENCRYPTED PRIVATE KEY") or OpenSSL-encrypted traditional keys (Proc-Type: 4,ENCRYPTED) with
     * the password. The key must belong to the leaf.
     *
     * @param keyPassword null when the key is not encrypted
     */
    public static ServerTls fromPem(Path certPem, Path keyPem, char[] keyPassword) throws TlsConfigException {
        TlsPolicy.installJvmDefaults();
        ServerTls tls = new ServerTls(PemFiles.load(certPem, keyPem, keyPassword), false);
        tls.warnOutsideValidity(certPem, Clock.systemUTC());
        return tls;
    }

    /** The one key entry of a PKCS#12 keystore and its chain; the key has the keystore's password. */
    public static ServerTls fromPkcs12(Path keystore, char[] password) throws TlsConfigException {
        TlsPolicy.installJvmDefaults();
        ServerTls tls = new ServerTls(Pkcs12File.load(keystore, password), false);
        tls.warnOutsideValidity(keystore, Clock.systemUTC());
        return tls;
    }

    /**
     * Uses dir/dev-cert.pem and dir/dev-key.pem, creating them on first use (ECDSA P-256, SAN
     * DNS:localhost, IP:127.0.0.1, IP:::1, valid one year, key file mode 0600, dir created if
     * missing); regenerates when the existing one has expired or expires within a day.
     */
    public static ServerTls devCertificate(Path dir) throws TlsConfigException {
        return devCertificate(dir, Clock.systemUTC());
    }

    /** As {@link #devCertificate(Path)}, at the time the clock tells; tests make expired ones with it. */
    static ServerTls devCertificate(Path dir, Clock clock) throws TlsConfigException {
        TlsPolicy.installJvmDefaults();
        DevCertificate.Loaded loaded = DevCertificate.loadOrCreate(dir, clock);
        // The caller logs which certificate is in use; only the reason for a replacement is logged here.
        return new ServerTls(loaded.credentials(), loaded.generated());
    }

    /** A server-mode engine with the policy's protocols, suites, order and ALPN choice applied. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(engineParameters);
        engine.setHandshakeApplicationProtocolSelector(TlsPolicy::selectApplicationProtocol);
        return engine;
    }

    /** The certificate the server presents first. */
    public X509Certificate leaf() {
        return credentials.leaf();
    }

    /** The leaf's SHA-256 fingerprint as colon-separated upper hex, as {@code openssl x509 -fingerprint} shows it. */
    public String fingerprintSha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 of a parsed certificate", e);
        }
    }

    /** True when {@link #devCertificate(Path)} made a new certificate on this call. */
    public boolean generated() {
        return generated;
    }

    private static SSLContext newContext(Credentials credentials) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            X509Certificate[] chain = credentials.chain().toArray(new X509Certificate[0]);
            store.setKeyEntry("server", credentials.key(), IN_MEMORY_PASSWORD, chain);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            TlsPolicy.configureSessions(context.getServerSessionContext());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            // The key and chain were parsed and matched already; the JDK refusing them now is its fault.
            throw new IllegalStateException("cannot build the server's SSLContext", e);
        }
    }

    /** An expired certificate still lets the server start, as the user may be about to renew it. */
    private void warnOutsideValidity(Path source, Clock clock) {
        Instant now = clock.instant();
        Instant notBefore = leaf().getNotBefore().toInstant();
        Instant notAfter = leaf().getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            log.warn("The certificate in {} expired at {}; clients will refuse it", source, notAfter);
        } else if (now.isBefore(notBefore)) {
            log.warn("The certificate in {} is not valid until {}; clients will refuse it", source, notBefore);
        }
    }
}
