package dev.nioserve.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the one private key and its chain from a PKCS#12 keystore, such as {@code openssl pkcs12
 * -export} makes. The key is protected by the keystore's password, as OpenSSL writes it.
 */
final class Pkcs12File {
    private Pkcs12File() {}

    static Credentials load(Path file, char[] password) throws TlsConfigException {
        // OpenSSL's -passout pass: with nothing after it means the empty password, not none.
        char[] storePassword = password == null ? new char[0] : password;
        KeyStore store = open(file, storePassword);
        String alias = onlyKeyAlias(store, file);
        try {
            Key key = store.getKey(alias, storePassword);
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                throw new TlsConfigException("no certificate for the private key in " + file);
            }
            return Credentials.matched(privateKey, x509(chain, file), file, file);
        } catch (UnrecoverableKeyException e) {
            throw new TlsConfigException("wrong password for the key in " + file, e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot read the key in " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore open(Path file, char[] password) throws TlsConfigException {
        byte[] bytes = ConfigFiles.read(file);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            // The JDK reports a failed integrity check as an IOException caused by this (KeyStore#load).
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsConfigException("wrong password for " + file, e);
            }
            throw new TlsConfigException(file + " is not a PKCS#12 keystore", e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(file + " is not a PKCS#12 keystore", e);
        }
    }

    private static String onlyKeyAlias(KeyStore store, Path file) throws TlsConfigException {
        List<String> keyAliases = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("keystore loaded but not readable", e);
        }
        if (keyAliases.isEmpty()) {
            throw new TlsConfigException("no private key in " + file);
        }
        if (keyAliases.size() > 1) {
            throw new TlsConfigException(
                    file + " holds " + keyAliases.size() + " private keys " + keyAliases + "; it must hold one");
        }
        return keyAliases.get(0);
    }

    private static List<X509Certificate> x509(Certificate[] chain, Path file) throws TlsConfigException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : chain) {
            if (!(certificate instanceof X509Certificate x509)) {
                throw new TlsConfigException(file + " holds a certificate that is not X.509");
            }
            certificates.add(x509);
        }
        return certificates;
    }
}
