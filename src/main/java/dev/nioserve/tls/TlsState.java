package dev.nioserve.tls;

/** Where one connection's TLS session stands; the engine's own status names never leak past TlsSession. */
public enum TlsState {
    /** From accept until the handshake has finished; no plaintext flows yet. */
    HANDSHAKING,
    /** Application data flows both ways; post-handshake messages are handled in passing. */
    OPEN,
    /** Our close_notify is queued or sent; we flush it and wait a short grace for the peer's. */
    CLOSING,
    /** Nothing more will be read or written; buffers are back in the pool. */
    CLOSED
}
