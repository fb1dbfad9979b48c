package dev.nioserve.tls;

import java.nio.ByteBuffer;

/**
 * Lends the session its buffers while it has bytes in flight and takes them back when they are
 * empty, so an idle connection holds none. Single-threaded: only the loop thread calls it.
 */
public interface BufferAllocator {

    /** A cleared buffer of at least {@code minCapacity} bytes. */
    ByteBuffer acquire(int minCapacity);

    /** Takes back a buffer from {@link #acquire}; the caller must not touch it again. */
    void release(ByteBuffer buffer);

    /** Plain heap buffers, for tests and tools. */
    BufferAllocator HEAP = new BufferAllocator() {
        @Override
        public ByteBuffer acquire(int minCapacity) {
            return ByteBuffer.allocate(minCapacity);
        }

        @Override
        public void release(ByteBuffer buffer) {}
    };
}
