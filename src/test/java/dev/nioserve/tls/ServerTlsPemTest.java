package dev.nioserve.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the server's identity from the PEM files OpenSSL, the book chapter and ACME clients write. */
class ServerTlsPemTest {
    private static final char[] PASSWORD = "correct-horse".toCharArray();

    @TempDir
    static Path dir;

    private static Fixtures.Pair chapter;
    private static Fixtures.Pair other;
    private static Fixtures.Chain chain;

    @BeforeAll
    static void makeFixtures() {
        TlsPolicy.installJvmDefaults();
        chapter = Fixtures.chapterRsa(dir, "chapter");
        other = Fixtures.chapterRsa(dir, "other");
        chain = Fixtures.chain(dir);
    }

    @Test
    void chapterRsaPkcs8PairServesAClientThatTrustsIt() throws Exception {
        assertPemType(chapter.key(), "PRIVATE KEY");

        ServerTls tls = ServerTls.fromPem(chapter.cert(), chapter.key(), null);
        SSLEngine client = Handshakes.trustingLeaf(tls);

        assertEquals("TLSv1.3", client.getSession().getProtocol());
        assertEquals(tls.leaf(), client.getSession().getPeerCertificates()[0]);
        assertFalse(tls.generated());
    }

    @Test
    void pkcs1RsaKeyLoads() throws Exception {
        Fixtures.Pair pkcs1 = Fixtures.selfSigned(dir, "pkcs1", "genrsa -traditional -out pkcs1-key.pem 2048");
        assertPemType(pkcs1.key(), "RSA PRIVATE KEY");

        Handshakes.trustingLeaf(ServerTls.fromPem(pkcs1.cert(), pkcs1.key(), null));
    }

    @Test
    void sec1EcKeyAfterAnEcParametersBlockLoads() throws Exception {
        Fixtures.Pair sec1 =
                Fixtures.selfSigned(dir, "sec1params", "ecparam -name prime256v1 -genkey -out sec1params-key.pem");
        assertTrue(Files.readString(sec1.key()).startsWith("-----BEGIN EC PARAMETERS-----"));
        assertPemType(sec1.key(), "EC PRIVATE KEY");

        Handshakes.trustingLeaf(ServerTls.fromPem(sec1.cert(), sec1.key(), null));
    }

    @Test
    void sec1EcKeyWithoutParametersBlockLoads() throws Exception {
        Fixtures.Pair sec1 =
                Fixtures.selfSigned(dir, "sec1", "ecparam -name prime256v1 -genkey -noout -out sec1-key.pem");
        assertFalse(Files.readString(sec1.key()).contains("EC PARAMETERS"));
        assertPemType(sec1.key(), "EC PRIVATE KEY");

        Handshakes.trustingLeaf(ServerTls.fromPem(sec1.cert(), sec1.key(), null));
    }

    @Test
    void ed25519KeyLoads() throws Exception {
        Fixtures.Pair ed25519 = Fixtures.selfSigned(dir, "ed25519", "genpkey -algorithm ed25519 -out ed25519-key.pem");

        SSLEngine client = Handshakes.trustingLeaf(ServerTls.fromPem(ed25519.cert(), ed25519.key(), null));

        assertEquals(
                "EdDSA",
                client.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm());
    }

    @Test
    void encryptedPkcs8KeyLoadsWithItsPassword() throws Exception {
        Path key = encryptedPkcs8("pkcs8-enc-key.pem");
        assertPemType(key, "ENCRYPTED PRIVATE KEY");

        Handshakes.trustingLeaf(ServerTls.fromPem(chapter.cert(), key, PASSWORD));
    }

    @Test
    void encryptedTraditionalKeyLoadsWithItsPassword() throws Exception {
        Path key = encryptedTraditional("trad-enc-key.pem");
        assertPemType(key, "RSA PRIVATE KEY");
        assertTrue(Files.readString(key).contains("Proc-Type: 4,ENCRYPTED"));

        Handshakes.trustingLeaf(ServerTls.fromPem(chapter.cert(), key, PASSWORD));
    }

    @Test
    void encryptedPkcs8KeyWithWrongPasswordIsRefusedClearly() {
        Path key = encryptedPkcs8("pkcs8-wrong-key.pem");

        assertRefused("wrong password for " + key, () -> ServerTls.fromPem(chapter.cert(), key, "wrong".toCharArray()));
    }

    @Test
    void encryptedTraditionalKeyWithWrongPasswordIsRefusedClearly() {
        Path key = encryptedTraditional("trad-wrong-key.pem");

        assertRefused("wrong password for " + key, () -> ServerTls.fromPem(chapter.cert(), key, "wrong".toCharArray()));
    }

    @Test
    void encryptedKeyWithoutPasswordIsRefusedClearly() {
        Path key = encryptedPkcs8("pkcs8-nopass-key.pem");

        assertRefused(
                key + " is encrypted and no password was given", () -> ServerTls.fromPem(chapter.cert(), key, null));
    }

    @Test
    void chainFileSendsLeafAndIntermediateToAClientThatTrustsOnlyTheRoot() throws Exception {
        Path fullchain = Fixtures.concat(dir, "fullchain.pem", chain.leaf().cert(), chain.intermediate());

        ServerTls tls = ServerTls.fromPem(fullchain, chain.leaf().key(), null);
        SSLEngine client = Handshakes.trustingOnly(Fixtures.read(chain.root()), tls);

        Fixtures.assertSentLeafAndIntermediate(chain, client);
    }

    @Test
    void chainWithTheLeafLastIsRefusedSayingTheLeafGoesFirst() {
        Path reversed = Fixtures.concat(
                dir, "reversed.pem", chain.intermediate(), chain.leaf().cert());

        assertRefused(
                "the certificate for the key in " + chain.leaf().key() + " is number 2 in " + reversed
                        + ": it must come first, followed by its intermediates",
                () -> ServerTls.fromPem(reversed, chain.leaf().key(), null));
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        assertRefused(
                "key in " + other.key() + " does not match certificate in " + chapter.cert(),
                () -> ServerTls.fromPem(chapter.cert(), other.key(), null));
    }

    @Test
    void ecKeyForAnRsaCertificateIsRefused() {
        assertRefused(
                "key in " + chain.leaf().key() + " does not match certificate in " + chapter.cert(),
                () -> ServerTls.fromPem(chapter.cert(), chain.leaf().key(), null));
    }

    @Test
    void missingFilesAreRefusedClearly() {
        Path missing = dir.resolve("missing.pem");

        assertRefused(
                "cannot read " + missing + ": no such file", () -> ServerTls.fromPem(missing, chapter.key(), null));
        assertRefused(
                "cannot read " + missing + ": no such file", () -> ServerTls.fromPem(chapter.cert(), missing, null));
    }

    @Test
    void directoryGivenAsACertificateIsRefusedClearly() {
        assertRefused("cannot read " + dir + ": is a directory", () -> ServerTls.fromPem(dir, chapter.key(), null));
    }

    @Test
    void filesWithoutPemAreRefusedClearly() {
        Path text = Openssl.write(dir, "notes.txt", "not a certificate\n");

        assertRefused("no certificate in " + text, () -> ServerTls.fromPem(text, chapter.key(), null));
        assertRefused("no private key in " + text, () -> ServerTls.fromPem(chapter.cert(), text, null));
    }

    @Test
    void certificateFileGivenAsTheKeyIsRefusedClearly() {
        assertRefused(
                "no private key in " + chapter.cert(), () -> ServerTls.fromPem(chapter.cert(), chapter.cert(), null));
    }

    @Test
    void damagedPemIsRefusedInOneLine() {
        Path damaged =
                Openssl.write(dir, "damaged.pem", "-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n");

        TlsConfigException refused =
                assertThrows(TlsConfigException.class, () -> ServerTls.fromPem(damaged, chapter.key(), null));

        assertTrue(refused.getMessage().startsWith("cannot parse " + damaged + ": "), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
    }

    @Test
    void oneFileHoldingBothCertificateAndKeyLoads() throws Exception {
        Path both = Fixtures.concat(dir, "both.pem", chapter.cert(), chapter.key());

        Handshakes.trustingLeaf(ServerTls.fromPem(both, both, null));
    }

    @Test
    void fingerprintIsTheOneOpensslShows() throws Exception {
        ServerTls tls = ServerTls.fromPem(chapter.cert(), chapter.key(), null);

        String shown = Openssl.run(dir, "x509 -noout -fingerprint -sha256 -in " + chapter.cert());

        assertEquals(shown.substring(shown.indexOf('=') + 1).trim(), tls.fingerprintSha256());
    }

    /** The chapter's key, encrypted with PASSWORD by an openssl command that reads -in and writes -out. */
    private static Path encrypted(String command, String name) {
        Openssl.run(
                dir, command + " -in " + chapter.key() + " -out " + name + " -passout pass:" + new String(PASSWORD));
        return dir.resolve(name);
    }

    private static Path encryptedPkcs8(String name) {
        return encrypted("pkcs8 -topk8 -v2 aes-256-cbc", name);
    }

    private static Path encryptedTraditional(String name) {
        return encrypted("rsa -aes256 -traditional", name);
    }

    static void assertRefused(String message, org.junit.jupiter.api.function.Executable load) {
        TlsConfigException refused = assertThrows(TlsConfigException.class, load);
        assertEquals(message, refused.getMessage());
        assertEquals(0, refused.getStackTrace().length, "a user's mistake carries no stack trace");
    }

    private static void assertPemType(Path file, String type) throws IOException {
        assertTrue(Files.readString(file).contains("-----BEGIN " + type + "-----"), file + " holds no " + type);
    }
}
