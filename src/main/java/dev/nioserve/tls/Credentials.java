package dev.nioserve.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and the certificate chain the server sends with it: the leaf first, then
 * intermediates in order. Only made by {@link #matched}, so the key always belongs to the leaf.
 *
 * @param key the leaf's private key
 * @param chain never empty; every certificate is sent in the handshake
 */
record Credentials(PrivateKey key, List<X509Certificate> chain) {

    Credentials {
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * Pairs a key with its chain, refusing a key that is not the leaf's. The sources name the files
     * in the message; they may be the same file.
     */
    static Credentials matched(PrivateKey key, List<X509Certificate> chain, Object keySource, Object certSource)
            throws TlsConfigException {
        if (KeyMatch.matches(key, chain.get(0).getPublicKey())) {
            return new Credentials(key, chain);
        }
        for (int i = 1; i < chain.size(); i++) {
            if (KeyMatch.matches(key, chain.get(i).getPublicKey())) {
                throw new TlsConfigException("the certificate for the key in " + keySource + " is number " + (i + 1)
                        + " in " + certSource + ": it must come first, followed by its intermediates");
            }
        }
        throw new TlsConfigException("key in " + keySource + " does not match certificate in " + certSource);
    }
}
