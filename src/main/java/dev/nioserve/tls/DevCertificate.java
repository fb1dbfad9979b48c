package dev.nioserve.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate for localhost, made on first use so the server speaks HTTPS out of
 * the box. It lives in {@code dir/dev-cert.pem} and {@code dir/dev-key.pem} and is reused across
 * starts, so a browser exception or a {@code curl --cacert} keeps working, until it expires or
 * would expire within a day; then, or when the pair is damaged, a new one replaces it.
 *
 * <p>The certificate is an end entity (CA:FALSE, serverAuth) so browsers accept it as a trusted
 * leaf; ECDSA P-256 keeps the handshake cheap.
 */
final class DevCertificate {
    private static final Logger log = LoggerFactory.getLogger(DevCertificate.class);

    static final String CERT_FILE = "dev-cert.pem";
    static final String KEY_FILE = "dev-key.pem";
    static final Duration VALIDITY = Duration.ofDays(365);
    /** A certificate this close to expiry is replaced now rather than fail in the middle of a run. */
    static final Duration RENEW_BEFORE = Duration.ofDays(1);
    /** Starts validity a little in the past, for clients whose clock runs behind. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE_BY_ALL = PosixFilePermissions.fromString("rw-r--r--");

    private DevCertificate() {}

    /** The credentials and whether this call made them. */
    record Loaded(Credentials credentials, boolean generated) {}

    /** Reuses the pair in {@code dir} while it stays valid, else makes and writes a new one. */
    static Loaded loadOrCreate(Path dir, Clock clock) throws TlsConfigException {
        Path certFile = dir.resolve(CERT_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            Credentials existing = reusable(certFile, keyFile, clock);
            if (existing != null) {
                return new Loaded(existing, false);
            }
        }
        Credentials created = create(clock);
        write(created, certFile, keyFile);
        return new Loaded(created, true);
    }

    /** The existing pair, or null after logging why it must be replaced. */
    private static Credentials reusable(Path certFile, Path keyFile, Clock clock) {
        Credentials existing;
        try {
            existing = PemFiles.load(certFile, keyFile, null);
        } catch (TlsConfigException e) {
            log.info("Replacing the dev certificate: {}", e.getMessage());
            return null;
        }
        Instant notAfter = existing.leaf().getNotAfter().toInstant();
        if (notAfter.isBefore(clock.instant().plus(RENEW_BEFORE))) {
            log.info("Replacing the dev certificate in {}: it expires at {}", certFile, notAfter);
            return null;
        }
        return existing;
    }

    private static Credentials create(Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = selfSign(pair, clock.instant());
            return new Credentials(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            // The JDK always has EC P-256 and SHA256withECDSA; failing here is the runtime's fault.
            throw new IllegalStateException("cannot make a dev certificate", e);
        }
    }

    private static X509Certificate selfSign(KeyPair pair, Instant now)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        X500Name name = new X500Name("CN=localhost,O=nioserve development certificate");
        // Positive and 127 bits: unique without coordination, within RFC 5280's 20-octet limit.
        BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name, serial, Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")
        });
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, names)
                .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
        byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
                .getEncoded();
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** Writes the key first: a crash between the two leaves a mismatched pair, which the next start replaces. */
    private static void write(Credentials credentials, Path certFile, Path keyFile) throws TlsConfigException {
        Path dir = certFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            // Where POSIX permissions do not exist (Windows) the key keeps the folder's default access.
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
            String keyText = pem(new PemObject("PRIVATE KEY", credentials.key().getEncoded()));
            writeAtomically(keyFile, keyText, posix ? OWNER_ONLY : null);
            String certText =
                    pem(new PemObject("CERTIFICATE", credentials.leaf().getEncoded()));
            writeAtomically(certFile, certText, posix ? READABLE_BY_ALL : null);
        } catch (IOException e) {
            throw TlsConfigException.cannotWrite(dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the dev certificate", e);
        }
    }

    /**
     * Writes under a temporary name and renames, so a reader never sees half a file. The temporary
     * file is created with its final permissions: the key is never readable by others, even briefly.
     */
    private static void writeAtomically(Path target, String text, Set<PosixFilePermission> permissions)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName();
        Path temp = permissions == null
                ? Files.createTempFile(dir, prefix, ".tmp")
                : Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.writeString(temp, text);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            // Gone already after a successful move; otherwise no stray file is left beside the pair.
            Files.deleteIfExists(temp);
        }
    }

    private static String pem(PemObject block) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(block);
        }
        return text.toString();
    }
}
