package dev.nioserve.support;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.ArrayDeque;
import java.util.function.IntSupplier;

/**
 * One end of an in-memory connection that hands over bytes in pieces of a size the test
 * chooses, so the TLS layer sees every way a network can cut a stream: one byte at a time,
 * random splits, several records at once, and a full socket that takes nothing.
 */
public final class MemoryChannel implements ByteChannel {
    private final ArrayDeque<Byte> incoming = new ArrayDeque<>();
    private MemoryChannel peer;
    /** Most bytes one read may return; 0 makes the read find nothing. */
    private IntSupplier readPiece = () -> Integer.MAX_VALUE;
    /** Most bytes one write may take; 0 is a full socket. */
    private IntSupplier writePiece = () -> Integer.MAX_VALUE;
    /** Set by the peer's {@link #shutdownOutput}: once incoming is drained, reads return -1. */
    private boolean eof;

    private boolean open = true;
    private int reads;

    public static MemoryChannel[] pair() {
        MemoryChannel a = new MemoryChannel();
        MemoryChannel b = new MemoryChannel();
        a.peer = b;
        b.peer = a;
        return new MemoryChannel[] {a, b};
    }

    public MemoryChannel readPieces(IntSupplier sizes) {
        this.readPiece = sizes;
        return this;
    }

    public MemoryChannel writePieces(IntSupplier sizes) {
        this.writePiece = sizes;
        return this;
    }

    @Override
    public int read(ByteBuffer dst) {
        reads++;
        if (incoming.isEmpty()) {
            return eof ? -1 : 0;
        }
        int n = Math.min(Math.min(dst.remaining(), incoming.size()), readPiece.getAsInt());
        for (int i = 0; i < n; i++) {
            dst.put(incoming.pollFirst());
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), writePiece.getAsInt());
        for (int i = 0; i < n; i++) {
            peer.incoming.addLast(src.get());
        }
        return n;
    }

    /** Puts raw bytes where this end's reads will find them, as if the peer had sent them. */
    public void inject(byte[] bytes) {
        for (byte b : bytes) {
            incoming.addLast(b);
        }
    }

    /** The peer's reads see end of stream once they have taken what was written. */
    public void shutdownOutput() {
        peer.eof = true;
    }

    /** Bytes written by the peer and not yet read here. */
    public int pending() {
        return incoming.size();
    }

    /** Read calls made on this end, empty ones included. */
    public int reads() {
        return reads;
    }

    /** Takes every byte waiting to be read here, for tests that inspect what the peer sent. */
    public byte[] drain() {
        byte[] all = new byte[incoming.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = incoming.pollFirst();
        }
        return all;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
