package dev.nioserve.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Certificates and keys made by openssl the way users make them, written into a test's directory. */
final class Fixtures {
    private Fixtures() {}

    /** A certificate and its key in {@code name-cert.pem} and {@code name-key.pem}. */
    record Pair(Path cert, Path key) {}

    /** The chain: a root CA, an intermediate it signed, and a leaf for localhost the intermediate signed. */
    record Chain(Path root, Path intermediate, Pair leaf) {}

    /** Exactly the book chapter's command: RSA 2048, PKCS#8 key, self-signed for CN=localhost. */
    static Pair chapterRsa(Path dir, String name) {
        Pair pair = names(dir, name);
        Openssl.run(
                dir,
                "req -x509 -newkey rsa:2048 -nodes -sha256 -keyout " + pair.key() + " -out " + pair.cert()
                        + " -days 365 -subj /CN=localhost");
        return pair;
    }

    /** A self-signed certificate for localhost over the key that {@code keyCommand} writes to {@code name-key.pem}. */
    static Pair selfSigned(Path dir, String name, String keyCommand) {
        Pair pair = names(dir, name);
        Openssl.run(dir, keyCommand);
        Openssl.run(
                dir, "req -x509 -new -key " + pair.key() + " -out " + pair.cert() + " -days 30 -subj /CN=localhost");
        return pair;
    }

    /** Root, intermediate and leaf, each with a P-256 key; the leaf names localhost in its SAN. */
    static Chain chain(Path dir) {
        Openssl.write(dir, "ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        Openssl.write(
                dir,
                "leaf.ext",
                "basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n");
        Pair root = names(dir, "root");
        Openssl.run(
                dir,
                "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + root.key()
                        + " -out " + root.cert()
                        + " -days 30 -subj /CN=TestRoot -addext basicConstraints=critical,CA:TRUE"
                        + " -addext keyUsage=critical,keyCertSign,cRLSign");
        Pair intermediate = signed(dir, "intermediate", "/CN=TestIntermediate", root, "ca.ext");
        Pair leaf = signed(dir, "leaf", "/CN=localhost", intermediate, "leaf.ext");
        return new Chain(root.cert(), intermediate.cert(), leaf);
    }

    private static Pair signed(Path dir, String name, String subject, Pair issuer, String extensions) {
        Pair pair = names(dir, name);
        Path request = dir.resolve(name + ".csr");
        Openssl.run(
                dir,
                "req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + pair.key() + " -out " + request
                        + " -subj " + subject);
        Openssl.run(
                dir,
                "x509 -req -in " + request + " -CA " + issuer.cert() + " -CAkey " + issuer.key()
                        + " -CAcreateserial -days 30 -sha256 -extfile " + extensions + " -out " + pair.cert());
        return pair;
    }

    /** Checks the client was sent the chain's leaf and intermediate, in that order, and nothing else. */
    static void assertSentLeafAndIntermediate(Chain chain, SSLEngine client)
            throws SSLPeerUnverifiedException, IOException {
        Certificate[] sent = client.getSession().getPeerCertificates();
        assertEquals(2, sent.length);
        assertEquals(read(chain.leaf().cert()), sent[0]);
        assertEquals(read(chain.intermediate()), sent[1]);
    }

    /** The first certificate in a PEM file, parsed by the JDK. */
    static X509Certificate read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not a certificate: " + file, e);
        }
    }

    /** The files concatenated, in order, into a new file. */
    static Path concat(Path dir, String name, Path... parts) {
        try {
            StringBuilder text = new StringBuilder();
            for (Path part : parts) {
                text.append(Files.readString(part));
            }
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pair names(Path dir, String name) {
        return new Pair(dir.resolve(name + "-cert.pem"), dir.resolve(name + "-key.pem"));
    }
}
