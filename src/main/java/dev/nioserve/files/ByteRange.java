package dev.nioserve.files;

/**
 * One satisfiable byte range of a representation, both ends inclusive as HTTP writes them.
 *
 * @param first offset of the first byte, at least 0
 * @param last offset of the last byte, at least {@code first} and less than the length
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The Content-Range value for this range of a representation of {@code total} bytes. */
    public String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /** True when the two ranges share a byte or touch end to start, so one range can carry both. */
    boolean touches(ByteRange other) {
        return first <= other.last + 1 && other.first <= last + 1;
    }

    ByteRange union(ByteRange other) {
        return new ByteRange(Math.min(first, other.first), Math.max(last, other.last));
    }
}
