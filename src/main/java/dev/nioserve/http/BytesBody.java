package dev.nioserve.http;

import java.nio.ByteBuffer;

/** A body from a region of a byte array that nobody changes while it is sent. */
public final class BytesBody implements Body {
    private final byte[] bytes;
    private final int end;
    /** Next index to send; only the connection's loop thread moves it. */
    private int next;

    public BytesBody(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.next = offset;
        this.end = offset + length;
    }

    @Override
    public long length() {
        return end - next;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (next == end) {
            return -1;
        }
        int n = Math.min(dst.remaining(), end - next);
        dst.put(bytes, next, n);
        next += n;
        return n;
    }
}
