package dev.nioserve.loop;

import dev.nioserve.tls.BufferAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size, lent to connections while they have bytes in flight. A connection
 * returns each buffer as soon as it is empty, so the pool's size follows the number of busy
 * connections, not of open ones. Only the loop thread touches it.
 */
public final class BufferPool implements BufferAllocator {
    /** Every pooled buffer has this capacity: the larger of the TLS packet and application sizes. */
    private final int bufferSize;
    /** Free buffers kept for reuse past this count are dropped for the GC. */
    private final int maxFree;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    /** Pooled buffers lent out, back to 0 when no connection holds bytes; the loop writes, anyone reads. */
    private volatile int lent;

    public BufferPool(int bufferSize, int maxFree) {
        this.bufferSize = bufferSize;
        this.maxFree = maxFree;
    }

    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public ByteBuffer acquire(int minCapacity) {
        if (minCapacity > bufferSize) {
            // A session that renegotiated larger sizes; rare enough not to pool.
            return ByteBuffer.allocate(minCapacity);
        }
        lent++;
        ByteBuffer buffer = free.pollFirst();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(bufferSize);
    }

    @Override
    public void release(ByteBuffer buffer) {
        if (!buffer.isDirect() || buffer.capacity() != bufferSize) {
            return;
        }
        lent--;
        if (free.size() < maxFree) {
            buffer.clear();
            free.addFirst(buffer);
        }
    }

    /** Pooled buffers lent and not yet returned. */
    public int lent() {
        return lent;
    }
}
