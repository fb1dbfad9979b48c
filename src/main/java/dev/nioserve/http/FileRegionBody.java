package dev.nioserve.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A byte range of an open file, read only as far as the socket takes it: a slow reader holds
 * back the disk reads, and a 1 GB file costs one buffer. Owns the channel and closes it.
 */
public final class FileRegionBody implements Body {
    private final FileChannel channel;
    private final long length;
    /** Absolute file position of the next byte to send. */
    private long position;
    /** Bytes still to send; reaches 0 exactly when the region is done. */
    private long remaining;

    public FileRegionBody(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.length = length;
        this.remaining = length;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int room = (int) Math.min(dst.remaining(), remaining);
        int limit = dst.limit();
        dst.limit(dst.position() + room);
        try {
            int n = channel.read(dst, position);
            if (n < 0) {
                // The file shrank under us: the promised Content-Length can no longer be met.
                throw new IOException("file ended " + remaining + " bytes early");
            }
            position += n;
            remaining -= n;
            return n;
        } finally {
            dst.limit(limit);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
