package dev.nioserve.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate the server makes for localhost when given none. */
class DevCertificateTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void installPolicy() {
        TlsPolicy.installJvmDefaults();
    }

    @Test
    void firstUseCreatesTheDirectoryAndAP256CertificateForLocalhostValidOneYear() throws Exception {
        Path certs = dir.resolve("certs");
        Instant before = Instant.now();

        ServerTls tls = ServerTls.devCertificate(certs);

        assertTrue(tls.generated());
        assertTrue(Files.isRegularFile(certs.resolve("dev-cert.pem")));
        assertTrue(Files.isRegularFile(certs.resolve("dev-key.pem")));
        assertEquals("SHA256withECDSA", tls.leaf().getSigAlgName());
        assertEquals("1.2.840.10045.3.1.7", curveOid((ECPublicKey) tls.leaf().getPublicKey()), "secp256r1");
        Set<String> names = tls.leaf().getSubjectAlternativeNames().stream()
                .map(name -> name.get(0) + ":" + name.get(1))
                .collect(Collectors.toSet());
        assertEquals(Set.of("2:localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1"), names);
        Instant notAfter = tls.leaf().getNotAfter().toInstant();
        assertTrue(notAfter.isAfter(before.plus(Duration.ofDays(365)).minusSeconds(5)), "valid until " + notAfter);
        assertTrue(
                notAfter.isBefore(Instant.now().plus(Duration.ofDays(365)).plusSeconds(5)), "valid until " + notAfter);
        assertTrue(tls.leaf().getNotBefore().toInstant().isBefore(before), "valid from now on");
    }

    @Test
    void keyFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");

        ServerTls.devCertificate(dir);

        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("dev-key.pem"))));
        List<String> left = Files.list(dir)
                .map(file -> file.getFileName().toString())
                .sorted()
                .toList();
        assertEquals(List.of("dev-cert.pem", "dev-key.pem"), left, "no temporary files are left behind");
    }

    @Test
    void secondUseReusesTheSameCertificate() throws Exception {
        ServerTls first = ServerTls.devCertificate(dir);

        ServerTls second = ServerTls.devCertificate(dir);

        assertFalse(second.generated());
        assertEquals(first.fingerprintSha256(), second.fingerprintSha256());
    }

    @Test
    void expiredCertificateIsReplaced() throws Exception {
        assertReplacedWhenMadeAt(Instant.now().minus(Duration.ofDays(400)));
    }

    @Test
    void certificateExpiringWithinADayIsReplaced() throws Exception {
        assertReplacedWhenMadeAt(Instant.now().minus(Duration.ofDays(365)).plus(Duration.ofHours(12)));
    }

    @Test
    void certificateWithTwoDaysLeftIsKept() throws Exception {
        ServerTls twoDaysLeft =
                ServerTls.devCertificate(dir, clockAt(Instant.now().minus(Duration.ofDays(363))));

        ServerTls kept = ServerTls.devCertificate(dir);

        assertFalse(kept.generated());
        assertEquals(twoDaysLeft.fingerprintSha256(), kept.fingerprintSha256());
    }

    @Test
    void pairWhoseKeyNoLongerMatchesIsReplaced() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        ServerTls.devCertificate(elsewhere);
        ServerTls original = ServerTls.devCertificate(dir);
        Files.copy(elsewhere.resolve("dev-key.pem"), dir.resolve("dev-key.pem"), StandardCopyOption.REPLACE_EXISTING);

        ServerTls replaced = ServerTls.devCertificate(dir);

        assertTrue(replaced.generated());
        assertNotEquals(original.fingerprintSha256(), replaced.fingerprintSha256());
    }

    @Test
    void javaClientThatTrustsTheFileAcceptsItForLocalhost() throws Exception {
        ServerTls tls = ServerTls.devCertificate(dir);

        SSLEngine client = Handshakes.trustingOnly(Fixtures.read(dir.resolve("dev-cert.pem")), tls);

        assertEquals(tls.leaf(), client.getSession().getPeerCertificates()[0]);
    }

    @Test
    void opensslTrustsTheFileForLocalhostAndBothLoopbackAddresses() throws Exception {
        ServerTls.devCertificate(dir);
        String cert = dir.resolve("dev-cert.pem").toString();

        for (String check : List.of("-verify_hostname localhost", "-verify_ip 127.0.0.1", "-verify_ip ::1")) {
            String verdict = Openssl.run(dir, "verify -purpose sslserver -CAfile " + cert + " " + check + " " + cert);
            assertTrue(verdict.contains(": OK"), check + ": " + verdict);
        }
    }

    @Test
    void opensslRefusesTheFileForAnotherHost() throws Exception {
        ServerTls.devCertificate(dir);
        String cert = dir.resolve("dev-cert.pem").toString();

        Openssl.Result verdict =
                Openssl.attempt(dir, "verify -CAfile " + cert + " -verify_hostname example.com " + cert);

        assertNotEquals(0, verdict.exitCode(), verdict.output());
    }

    @Test
    void fingerprintIsTheOneOpensslShows() throws Exception {
        ServerTls tls = ServerTls.devCertificate(dir);

        String shown = Openssl.run(dir, "x509 -noout -fingerprint -sha256 -in " + dir.resolve("dev-cert.pem"));

        assertEquals(shown.substring(shown.indexOf('=') + 1).trim(), tls.fingerprintSha256());
    }

    private void assertReplacedWhenMadeAt(Instant madeAt) throws Exception {
        ServerTls old = ServerTls.devCertificate(dir, clockAt(madeAt));

        ServerTls replaced = ServerTls.devCertificate(dir);

        assertTrue(replaced.generated());
        assertNotEquals(old.fingerprintSha256(), replaced.fingerprintSha256());
        assertTrue(
                replaced.leaf().getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(364))));
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static String curveOid(ECPublicKey key) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(key.getParams());
        return parameters.getParameterSpec(ECGenParameterSpec.class).getName();
    }
}
