package dev.nioserve.loop;

/** Which deadline a connection is under; each maps to one configured timeout. */
enum DeadlineKind {
    /** From accept until the handshake completes; expiry closes quietly. */
    HANDSHAKE,
    /** From the first byte of a request head until the head is complete; expiry answers 408. */
    REQUEST_HEAD,
    /** Between requests on a kept connection; expiry closes with close_notify. */
    IDLE,
    /** Reading a request body, restarted by every byte; expiry closes. */
    BODY,
    /** A response waits for a reader, restarted by every byte taken; expiry closes. */
    SEND,
    /** Our close_notify is out; the peer's or its EOF is awaited this long. */
    CLOSE_GRACE
}
