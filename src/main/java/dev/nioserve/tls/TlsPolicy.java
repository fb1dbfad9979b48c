package dev.nioserve.tls;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;

/**
 * What the server accepts in a handshake: TLS 1.3 and 1.2, forward-secret AEAD suites only, three
 * named groups, resumption on, client renegotiation refused, and ALPN that only ever says
 * http/1.1. Parts of it are JVM-wide system properties on Java 17, so {@link #installJvmDefaults()}
 * must run before the first {@link SSLContext} exists; the rest is applied to each context and
 * engine by {@link ServerTls}.
 */
public final class TlsPolicy {
    /** Newest first; TLS 1.1 and older are gone from every current client (RFC 8996). */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * TLS 1.3's three suites, then TLS 1.2 with ECDHE key exchange and an AEAD cipher only: no CBC
     * (padding oracles), no static RSA or DHE key exchange. ECDSA before RSA and AES-128 before
     * AES-256 within each, as both are cheaper at the same strength. Those the JDK lacks are dropped.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Key exchange groups, most preferred first. */
    static final List<String> NAMED_GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    /** The only application protocol the server speaks; h2 is never selected. */
    static final String HTTP_1_1 = "http/1.1";

    /** Bounds the server's session cache; an entry is a few kilobytes with the peer's certificates. */
    static final int SESSION_CACHE_SIZE = 10_000;

    /**
     * How long a session may be resumed. Browsers reconnect within minutes; an hour keeps that cheap
     * while bounding how long one session's secrets stay usable. TLS 1.3 ticket lifetimes follow it.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofHours(1);

    /** Read once by the JDK, when its TLS classes first load (JDK 17 has no per-engine setter). */
    static final String NAMED_GROUPS_PROPERTY = "jdk.tls.namedGroups";

    /** Client-initiated renegotiation in TLS 1.2 is a cheap way to make the server do handshakes. */
    static final String REJECT_RENEGOTIATION_PROPERTY = "jdk.tls.rejectClientInitiatedRenegotiation";

    private TlsPolicy() {}

    /**
     * Sets the JVM-wide part of the policy: the named groups and the refusal of client-initiated
     * renegotiation. Call it first thing in main, and in every test that makes an SSLContext, since
     * the JDK reads these once. A value an operator set with {@code -D} is left alone. Idempotent.
     */
    public static void installJvmDefaults() {
        setIfAbsent(NAMED_GROUPS_PROPERTY, String.join(",", NAMED_GROUPS));
        setIfAbsent(REJECT_RENEGOTIATION_PROPERTY, "true");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Turns on the server's session cache with the policy's bounds. */
    static void configureSessions(SSLSessionContext sessions) {
        sessions.setSessionCacheSize(SESSION_CACHE_SIZE);
        sessions.setSessionTimeout((int) SESSION_TIMEOUT.toSeconds());
    }

    /**
     * The parameters every server engine of this context gets: the policy's protocols and suites
     * that the context supports, in the policy's order, with the server's order winning.
     */
    static SSLParameters serverParameters(SSLContext context) {
        SSLParameters supported = context.getSupportedSSLParameters();
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(keepSupported(PROTOCOLS, supported.getProtocols()));
        parameters.setCipherSuites(keepSupported(CIPHER_SUITES, supported.getCipherSuites()));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
        return parameters;
    }

    private static String[] keepSupported(List<String> wanted, String[] supported) {
        List<String> available = Arrays.asList(supported);
        String[] kept = wanted.stream().filter(available::contains).toArray(String[]::new);
        if (kept.length == 0) {
            throw new IllegalStateException("this JDK supports none of " + wanted);
        }
        return kept;
    }

    /**
     * The ALPN choice (RFC 7301 section 3.2): http/1.1 when offered. Otherwise the empty string, which
     * the JDK takes as "send no ALPN" and the handshake goes on; null would make it abort with
     * no_application_protocol (alert 120), which would lock out a client that offers only h2 but
     * would fall back, and one offering only protocols we have never heard of.
     */
    static String selectApplicationProtocol(SSLEngine engine, List<String> offered) {
        return offered.contains(HTTP_1_1) ? HTTP_1_1 : "";
    }
}
