package dev.nioserve.http;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of a response body, pulled a buffer at a time as the socket drains, so a body of
 * any size costs one buffer. {@link #close()} releases whatever the body holds (a file channel)
 * and is called exactly once, whether the body was sent whole or the connection died.
 */
public interface Body extends Closeable {

    /** The exact number of bytes {@link #read} will produce in all. */
    long length();

    /**
     * Copies the next bytes into {@code dst} (fill mode) as far as it has room.
     *
     * @return bytes copied, or -1 once every byte has been produced
     */
    int read(ByteBuffer dst) throws IOException;

    @Override
    default void close() throws IOException {}

    Body EMPTY = of(new byte[0]);

    /** A body held in memory. */
    static Body of(byte[] bytes) {
        return new BytesBody(bytes, 0, bytes.length);
    }
}
