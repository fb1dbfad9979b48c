package dev.nioserve.tls;

/**
 * What a TLS session needs before it can make more progress. The connection turns each value
 * into interest ops, so this is where "socket readiness is not plaintext readiness" is decided.
 */
public enum Need {
    /** Nothing: the call finished its work, or plaintext is waiting in appIn. */
    NOTHING,
    /** No complete record is held and the socket is drained: wait for OP_READ. */
    READ,
    /** Ciphertext waits in netOut and the socket took no more: wait for OP_WRITE. */
    WRITE,
    /** A delegated task must run first: wait for no socket event at all. */
    TASK,
    /** The peer ended its side (close_notify or EOF): no more plaintext will come. */
    PEER_CLOSED,
    /** The first bytes are no TLS record but a plaintext protocol's (plain HTTP on the TLS port). */
    NOT_TLS
}
