package dev.nioserve.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.support.EnginePair;
import dev.nioserve.support.EnginePair.Side;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a handshake may negotiate with a {@link ServerTls} engine: versions, suites, ALPN and
 * resumption, against JDK clients in memory and openssl over loopback. The JVM-wide parts of the
 * policy (named groups, renegotiation) are tested in a fresh JVM by {@link FreshJvmPolicyTest}.
 */
class TlsPolicyTest {
    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    /** RSA, so TLS 1.2 clients can offer the static-RSA and DHE suites the policy must refuse. */
    private static ServerTls rsa;

    @BeforeAll
    static void loadCertificate() throws Exception {
        TlsPolicy.installJvmDefaults();
        Fixtures.Pair chapter = Fixtures.chapterRsa(dir, "chapter");
        rsa = ServerTls.fromPem(chapter.cert(), chapter.key(), null);
    }

    @Test
    void enginesEnableOnlyTls13AndTls12() {
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, rsa.newEngine().getEnabledProtocols());
    }

    @Test
    void enginesEnableOnlyForwardSecretAeadSuitesInServerOrder() {
        SSLEngine engine = rsa.newEngine();

        String[] expected = {
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
        };
        assertArrayEquals(expected, engine.getEnabledCipherSuites());
        assertTrue(engine.getSSLParameters().getUseCipherSuitesOrder());
        assertTrue(!engine.getUseClientMode() && !engine.getNeedClientAuth() && !engine.getWantClientAuth());
    }

    @Test
    void tls12ClientOfferingAnAllowedSuiteGetsIt() throws Exception {
        SSLEngine client = tls12Client("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

        new EnginePair(client, rsa.newEngine()).handshake();

        assertEquals("TLSv1.2", client.getSession().getProtocol());
        assertEquals(
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", client.getSession().getCipherSuite());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                "TLS_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"
            })
    void tls12ClientOfferingOnlyACbcOrNonEcdheSuiteIsRefusedByTheServer(String suite) {
        EnginePair pair = new EnginePair(tls12Client(suite), rsa.newEngine());

        assertThrows(SSLException.class, pair::handshake);

        assertNotNull(pair.failure(Side.SERVER), "the server, not the client, ends it");
        assertTrue(pair.failure(Side.SERVER).getMessage().contains("no cipher suites in common"));
    }

    @Test
    void opensslClientOfferingOnlyTls11IsRefusedByTheServer() throws Exception {
        try (BlockingTlsServer server = new BlockingTlsServer(rsa)) {
            Openssl.Result client = Openssl.client(dir, server.port(), "-tls1_1 -cipher DEFAULT@SECLEVEL=0");

            BlockingTlsServer.Outcome outcome = server.nextOutcome(OUTCOME_WAIT);
            assertNotEquals(0, client.exitCode(), client.output());
            assertNull(outcome.protocol());
            assertTrue(outcome.failure().contains("TLSv1.1"), "the server saw the hello: " + outcome.failure());
        }
    }

    @ParameterizedTest(name = "client offers {0}: server selects \"{1}\"")
    @CsvSource(
            value = {"h2|http/1.1, http/1.1", "http/1.1, http/1.1", "h2, ''", "foo, ''", "h2|foo, ''"},
            quoteCharacter = '\'')
    void alpnSelectsHttp11OnlyAndOtherwiseCompletesWithout(String offered, String selected) throws Exception {
        SSLEngine client = trustingClient();
        SSLParameters parameters = client.getSSLParameters();
        parameters.setApplicationProtocols(offered.split("\\|"));
        client.setSSLParameters(parameters);
        SSLEngine server = rsa.newEngine();

        new EnginePair(client, server).handshake();

        assertEquals(selected, server.getApplicationProtocol());
        assertEquals(selected, client.getApplicationProtocol());
    }

    @Test
    void clientOfferingNoAlpnCompletesWithout() throws Exception {
        SSLEngine client = trustingClient();
        SSLEngine server = rsa.newEngine();

        new EnginePair(client, server).handshake();

        assertEquals("", server.getApplicationProtocol());
    }

    /** Pins the JDK contract the policy relies on: null from the selector aborts, "" does not. */
    @Test
    void jdkAbortsWithNoApplicationProtocolWhenTheSelectorReturnsNull() {
        SSLEngine client = trustingClient();
        SSLParameters parameters = client.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        client.setSSLParameters(parameters);
        SSLEngine server = rsa.newEngine();
        server.setHandshakeApplicationProtocolSelector((engine, offered) -> null);
        EnginePair pair = new EnginePair(client, server);

        assertThrows(SSLException.class, pair::handshake);

        assertTrue(pair.failure(Side.CLIENT).getMessage().contains("no_application_protocol"));
    }

    @ParameterizedTest(name = "openssl offers {0}: server selects \"{1}\"")
    @CsvSource(
            value = {"h2; ''; No ALPN negotiated", "h2,http/1.1; http/1.1; ALPN protocol: http/1.1"},
            delimiter = ';',
            quoteCharacter = '\'')
    void opensslClientGetsHttp11WhenItOffersItAndNoAlpnOtherwise(String offered, String selected, String shown)
            throws Exception {
        try (BlockingTlsServer server = new BlockingTlsServer(rsa)) {
            Openssl.Result client = Openssl.client(dir, server.port(), "-alpn " + offered);

            BlockingTlsServer.Outcome outcome = server.nextOutcome(OUTCOME_WAIT);
            assertEquals(0, client.exitCode(), client.output());
            assertTrue(client.output().contains(shown), client.output());
            assertEquals(selected, outcome.applicationProtocol());
            assertEquals("TLSv1.3", outcome.protocol());
            assertNull(outcome.failure());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void secondConnectionResumesTheSessionWithoutCheckingTheCertificateAgain(String protocol) throws Exception {
        CountingTrust trust = new CountingTrust(rsa.leaf());
        SSLContext context = trust.clientContext();

        connect(context, protocol);
        connect(context, protocol);

        assertEquals(1, trust.serverChecks(), "the second handshake was abbreviated");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 100, 1000, 5000})
    void handshakeAndDataSurviveFlightsCutIntoPieces(int chunk) throws Exception {
        EnginePair pair = new EnginePair(trustingClient(), rsa.newEngine(), chunk);

        pair.handshake();
        byte[] received = pair.send(Side.CLIENT, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertEquals("GET / HTTP/1.1\r\n\r\n", new String(received, StandardCharsets.US_ASCII));
    }

    private static void connect(SSLContext context, String protocol) throws SSLException {
        SSLEngine client = EnginePair.clientEngine(context);
        client.setEnabledProtocols(new String[] {protocol});
        EnginePair pair = new EnginePair(client, rsa.newEngine());
        pair.handshake();
        assertEquals(protocol, client.getSession().getProtocol());
    }

    private static SSLEngine trustingClient() {
        return EnginePair.clientEngine(EnginePair.clientContextTrusting(rsa.leaf()));
    }

    private static SSLEngine tls12Client(String suite) {
        SSLEngine client = trustingClient();
        client.setEnabledProtocols(new String[] {"TLSv1.2"});
        client.setEnabledCipherSuites(new String[] {suite});
        return client;
    }
}
