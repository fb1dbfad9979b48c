package dev.nioserve.tls;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Whether a private key belongs to a public key, decided by deriving the public half from the
 * private one and comparing. BouncyCastle's low-level classes do the arithmetic; no provider is
 * registered.
 */
final class KeyMatch {
    private KeyMatch() {}

    /** True when {@code key} is the private half of {@code publicKey}; false for any other pair. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        AsymmetricKeyParameter privateParams;
        AsymmetricKeyParameter publicParams;
        try {
            privateParams = PrivateKeyFactory.createKey(key.getEncoded());
            publicParams = PublicKeyFactory.createKey(publicKey.getEncoded());
        } catch (IOException | RuntimeException e) {
            // A key BouncyCastle cannot decode cannot be shown to match, so it does not.
            return false;
        }
        if (privateParams instanceof RSAKeyParameters rsa && publicParams instanceof RSAKeyParameters rsaPublic) {
            return rsaMatches(rsa, rsaPublic);
        }
        if (privateParams instanceof ECPrivateKeyParameters ec
                && publicParams instanceof ECPublicKeyParameters ecPublic) {
            ECPoint derived = ec.getParameters().getG().multiply(ec.getD());
            return ec.getParameters().getCurve().equals(ecPublic.getParameters().getCurve())
                    && derived.equals(ecPublic.getQ());
        }
        if (privateParams instanceof Ed25519PrivateKeyParameters ed
                && publicParams instanceof Ed25519PublicKeyParameters edPublic) {
            return Arrays.equals(ed.generatePublicKey().getEncoded(), edPublic.getEncoded());
        }
        if (privateParams instanceof Ed448PrivateKeyParameters ed
                && publicParams instanceof Ed448PublicKeyParameters edPublic) {
            return Arrays.equals(ed.generatePublicKey().getEncoded(), edPublic.getEncoded());
        }
        return false;
    }

    private static boolean rsaMatches(RSAKeyParameters key, RSAKeyParameters publicKey) {
        if (!key.getModulus().equals(publicKey.getModulus())) {
            return false;
        }
        // A CRT key (every key OpenSSL writes) also names its public exponent; compare that too.
        return !(key instanceof RSAPrivateCrtKeyParameters crt)
                || crt.getPublicExponent().equals(publicKey.getExponent());
    }
}
