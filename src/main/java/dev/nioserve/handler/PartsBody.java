package dev.nioserve.handler;

import dev.nioserve.http.Body;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Bodies sent one after another as one body: the parts of a multipart/byteranges answer, each
 * a part head in memory or a region of the file. Closing closes every part, sent or not.
 */
final class PartsBody implements Body {
    /** Fixed at construction, in the order they are sent. */
    private final List<Body> parts;

    /** The sum of the parts' lengths, taken before any is read. */
    private final long length;

    /** Index of the part being sent; only the loop thread moves it. */
    private int current;

    PartsBody(List<Body> parts) {
        this.parts = List.copyOf(parts);
        long sum = 0;
        for (Body part : parts) {
            sum += part.length();
        }
        this.length = sum;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (current < parts.size()) {
            int n = parts.get(current).read(dst);
            if (n >= 0) {
                return n;
            }
            current++;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Body part : parts) {
            try {
                part.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
