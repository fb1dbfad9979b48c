package dev.nioserve.tls;

import dev.nioserve.support.EnginePair;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/** Handshakes a JDK client, which checks the chain and the name localhost, with a server engine. */
final class Handshakes {
    private Handshakes() {}

    /** The client engine after a completed handshake with a client that trusts only {@code anchor}. */
    static SSLEngine trustingOnly(X509Certificate anchor, ServerTls tls) throws SSLException {
        SSLEngine client = EnginePair.clientEngine(EnginePair.clientContextTrusting(anchor));
        new EnginePair(client, tls.newEngine()).handshake();
        return client;
    }

    /** As {@link #trustingOnly}, with the server's own leaf as the anchor. */
    static SSLEngine trustingLeaf(ServerTls tls) throws SSLException {
        return trustingOnly(tls.leaf(), tls);
    }
}
