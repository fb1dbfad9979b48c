package dev.nioserve.tls;

import static dev.nioserve.tls.ServerTlsPemTest.assertRefused;

import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the server's identity from a PKCS#12 keystore made by {@code openssl pkcs12 -export}. */
class ServerTlsPkcs12Test {
    private static final String PASSWORD = "keystore-secret";

    @TempDir
    static Path dir;

    private static Fixtures.Chain chain;
    private static Path keystore;

    @BeforeAll
    static void makeFixtures() {
        TlsPolicy.installJvmDefaults();
        chain = Fixtures.chain(dir);
        keystore = dir.resolve("server.p12");
        Openssl.run(
                dir,
                "pkcs12 -export -name server -in " + chain.leaf().cert() + " -inkey "
                        + chain.leaf().key() + " -certfile " + chain.intermediate() + " -out " + keystore
                        + " -passout pass:" + PASSWORD);
    }

    @Test
    void opensslKeystoreServesItsKeyAndWholeChain() throws Exception {
        ServerTls tls = ServerTls.fromPkcs12(keystore, PASSWORD.toCharArray());
        SSLEngine client = Handshakes.trustingOnly(Fixtures.read(chain.root()), tls);

        Fixtures.assertSentLeafAndIntermediate(chain, client);
    }

    @Test
    void keystoreWithTheEmptyPasswordOpensWithoutOne() throws Exception {
        Fixtures.Pair pair = Fixtures.chapterRsa(dir, "nopass");
        Path open = dir.resolve("open.p12");
        Openssl.run(
                dir,
                "pkcs12 -export -in " + pair.cert() + " -inkey " + pair.key() + " -out " + open + " -passout pass:");

        Handshakes.trustingLeaf(ServerTls.fromPkcs12(open, null));
    }

    @Test
    void wrongPasswordIsRefusedClearly() {
        assertRefused("wrong password for " + keystore, () -> ServerTls.fromPkcs12(keystore, "wrong".toCharArray()));
    }

    @Test
    void missingKeystoreIsRefusedClearly() {
        Path missing = dir.resolve("missing.p12");

        assertRefused("cannot read " + missing + ": no such file", () -> ServerTls.fromPkcs12(missing, null));
    }

    @Test
    void pemFileGivenAsAKeystoreIsRefusedClearly() {
        Path pem = chain.leaf().cert();

        assertRefused(pem + " is not a PKCS#12 keystore", () -> ServerTls.fromPkcs12(pem, PASSWORD.toCharArray()));
    }

    @Test
    void keystoreWithoutAKeyIsRefusedClearly() {
        Path certsOnly = dir.resolve("certs-only.p12");
        Openssl.run(
                dir,
                "pkcs12 -export -nokeys -in " + chain.leaf().cert() + " -out " + certsOnly + " -passout pass:"
                        + PASSWORD);

        assertRefused("no private key in " + certsOnly, () -> ServerTls.fromPkcs12(certsOnly, PASSWORD.toCharArray()));
    }
}
