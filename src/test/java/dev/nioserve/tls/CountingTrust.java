package dev.nioserve.tls;

import dev.nioserve.support.EnginePair;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client's trust in one certificate that counts how often the server's chain is checked. A
 * resumed handshake sends no certificate, so the count shows whether a session was resumed.
 */
final class CountingTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final AtomicInteger serverChecks = new AtomicInteger();

    CountingTrust(X509Certificate anchor) {
        this.delegate = EnginePair.trustManagerFor(anchor);
    }

    int serverChecks() {
        return serverChecks.get();
    }

    /** A client context that trusts through this counter; its session cache is its own. */
    SSLContext clientContext() {
        return EnginePair.clientContext(this);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        serverChecks.incrementAndGet();
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        serverChecks.incrementAndGet();
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        serverChecks.incrementAndGet();
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
