package dev.nioserve.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads a certificate chain and a private key from PEM files as OpenSSL and ACME clients write
 * them. Blocks of other kinds are skipped, so one file may hold both the chain and the key.
 *
 * <p>Keys: PKCS#8 ("PRIVATE KEY"), PKCS#1 RSA ("RSA PRIVATE KEY"), SEC1 EC ("EC PRIVATE KEY", with
 * or without the "EC PARAMETERS" block OpenSSL puts before it), encrypted PKCS#8 ("ENCRYPTED
 * PRIVATE KEY") and OpenSSL's encrypted traditional keys ("Proc-Type: 4,ENCRYPTED").
 */
final class PemFiles {
    private PemFiles() {}

    /** The key must belong to the first certificate of the chain. */
    static Credentials load(Path certPem, Path keyPem, char[] keyPassword) throws TlsConfigException {
        List<X509Certificate> chain = readChain(certPem);
        PrivateKey key = readKey(keyPem, keyPassword);
        return Credentials.matched(key, chain, keyPem, certPem);
    }

    /** Every certificate in the file, in file order. */
    static List<X509Certificate> readChain(Path file) throws TlsConfigException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object block : readBlocks(file)) {
            if (block instanceof X509CertificateHolder holder) {
                chain.add(toJdkCertificate(holder, file));
            }
        }
        if (chain.isEmpty()) {
            throw new TlsConfigException("no certificate in " + file);
        }
        return chain;
    }

    /** The one private key in the file, decrypted with the password when it is encrypted. */
    static PrivateKey readKey(Path file, char[] password) throws TlsConfigException {
        List<Object> keys = new ArrayList<>();
        for (Object block : readBlocks(file)) {
            if (block instanceof PrivateKeyInfo
                    || block instanceof PEMKeyPair
                    || block instanceof PEMEncryptedKeyPair
                    || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                keys.add(block);
            }
        }
        if (keys.isEmpty()) {
            throw new TlsConfigException("no private key in " + file);
        }
        if (keys.size() > 1) {
            throw new TlsConfigException(file + " holds " + keys.size() + " private keys; it must hold one");
        }
        return toJdkKey(decrypt(keys.get(0), file, password), file);
    }

    private static List<Object> readBlocks(Path file) throws TlsConfigException {
        // PEM is ASCII; ISO-8859-1 maps every byte, so a stray byte fails in the parser with its name.
        String text = new String(ConfigFiles.read(file), StandardCharsets.ISO_8859_1);
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 and bad DER as either kind; both mean a damaged file.
            throw new TlsConfigException("cannot parse " + file + ": " + oneLine(e.getMessage()), e);
        }
        return blocks;
    }

    private static PrivateKeyInfo decrypt(Object key, Path file, char[] password) throws TlsConfigException {
        if (key instanceof PrivateKeyInfo info) {
            return info;
        }
        if (key instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (password == null) {
            throw new TlsConfigException(file + " is encrypted and no password was given");
        }
        try {
            if (key instanceof PEMEncryptedKeyPair encrypted) {
                return encrypted
                        .decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                .setProvider(Decryption.PROVIDER)
                                .build(password))
                        .getPrivateKeyInfo();
            }
            return ((PKCS8EncryptedPrivateKeyInfo) key)
                    .decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(Decryption.PROVIDER)
                            .build(password));
        } catch (OperatorCreationException e) {
            throw new TlsConfigException(
                    "cannot decrypt " + file + ": unsupported encryption (" + oneLine(e.getMessage()) + ")", e);
        } catch (IOException | PKCSException | RuntimeException e) {
            // A wrong password fails the padding check, except about once in 256 tries, when it yields
            // bytes that are not DER and BouncyCastle throws an unchecked exception instead.
            throw new TlsConfigException("wrong password for " + file, e);
        }
    }

    private static PrivateKey toJdkKey(PrivateKeyInfo info, Path file) throws TlsConfigException {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigException("unsupported private key in " + file + ": " + oneLine(e.getMessage()), e);
        }
    }

    private static X509Certificate toJdkCertificate(X509CertificateHolder holder, Path file) throws TlsConfigException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            throw new TlsConfigException("bad certificate in " + file + ": " + oneLine(e.getMessage()), e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "malformed" : message.lines().findFirst().orElse("malformed");
    }

    /**
     * The JDK cannot decrypt OpenSSL's PBES2 or traditional key encryption, so those go through a
     * private BouncyCastle provider instance, passed explicitly and never registered: the TLS itself
     * stays on the JDK's providers. Held lazily, as building it costs tens of milliseconds.
     */
    private static final class Decryption {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
