package dev.nioserve.http;

import java.nio.ByteBuffer;

/**
 * Gathers one line from buffers that may cut it anywhere, keeping the part seen so far in its own
 * storage, so a line may be longer than any one buffer. It consumes bytes up to and including the
 * line's LF and never one more, and it stops at the byte where the line's length limit is crossed.
 *
 * <p>A line ends with CRLF, or, where the caller allows it, a bare LF (RFC 9112 section 2.2). A CR
 * anywhere else is refused the moment the byte after it shows it is bare. The content handed back
 * never includes the line ending.
 */
final class LineReader {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** Enough for a typical request line or field line; grown only on demand, and kept across requests. */
    static final int INITIAL_CAPACITY = 256;

    /** Storage never grows past this: the largest line limit any caller passes. */
    private final int maxCapacity;
    /** The current line's content so far; null until needed and after release() dropped a big one. */
    private byte[] content;
    /** Bytes of content of the current line, never above the limit its caller passed. */
    private int length;
    /** Set when the last byte consumed was a CR: the next byte must be LF. */
    private boolean pendingCr;
    /** Set when the last call ended a line; the next call starts a new line. */
    private boolean lineEnded;

    LineReader(int maxCapacity) {
        this.maxCapacity = maxCapacity;
    }

    /**
     * Moves bytes of the current line from {@code src} (read mode) into storage.
     *
     * @param maxLength the most content bytes this line may hold; one more is refused with {@code tooLong}
     * @param crlfOnly whether a bare LF is refused instead of ending the line
     * @return true when the line ended (its LF was consumed); false when {@code src} is used up
     */
    boolean read(ByteBuffer src, int maxLength, ParseError tooLong, boolean crlfOnly) throws HttpException {
        if (lineEnded) {
            length = 0;
            lineEnded = false;
        }
        int start = src.position();
        int end = src.limit();
        if (pendingCr) {
            return start < end && afterCr(src, start);
        }
        // Look one byte past the room left: that byte may still end the line, but not extend it.
        int room = maxLength - length;
        int stop = (int) Math.min(end, (long) start + room + 1);
        int at = findEnding(src, start, stop);
        if (at == stop) {
            if (stop - start > room) {
                src.position(stop);
                throw tooLong.exception();
            }
            append(src, start, end);
            return false;
        }
        append(src, start, at);
        return ending(src, at, src.get(at), crlfOnly);
    }

    /** The index of the first CR or LF in {@code src[from, to)}, or {@code to}; reads the array when it can. */
    private static int findEnding(ByteBuffer src, int from, int to) {
        if (src.hasArray()) {
            byte[] array = src.array();
            int offset = src.arrayOffset();
            for (int i = from; i < to; i++) {
                byte b = array[offset + i];
                if (b == LF || b == CR) {
                    return i;
                }
            }
            return to;
        }
        for (int i = from; i < to; i++) {
            byte b = src.get(i);
            if (b == LF || b == CR) {
                return i;
            }
        }
        return to;
    }

    /** Consumes the ending byte at {@code at}, and the LF after a CR when it is there. */
    private boolean ending(ByteBuffer src, int at, byte b, boolean crlfOnly) throws HttpException {
        src.position(at + 1);
        if (b == LF) {
            if (crlfOnly) {
                throw ParseError.BARE_LF.exception();
            }
            lineEnded = true;
            return true;
        }
        pendingCr = true;
        return at + 1 < src.limit() && afterCr(src, at + 1);
    }

    /** Consumes the byte at {@code at}, which follows a CR and so must be LF. */
    private boolean afterCr(ByteBuffer src, int at) throws HttpException {
        src.position(at + 1);
        if (src.get(at) != LF) {
            throw ParseError.BARE_CR.exception();
        }
        pendingCr = false;
        lineEnded = true;
        return true;
    }

    /** Copies {@code src[from, to)} after the content and consumes it. */
    private void append(ByteBuffer src, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        ensureCapacity(length + n);
        src.get(from, content, length, n);
        src.position(to);
        length += n;
    }

    private void ensureCapacity(int needed) {
        if (content == null) {
            content = new byte[Math.min(maxCapacity, Math.max(needed, INITIAL_CAPACITY))];
        } else if (needed > content.length) {
            byte[] grown = new byte[Math.min(maxCapacity, Math.max(needed, content.length * 2))];
            System.arraycopy(content, 0, grown, 0, length);
            content = grown;
        }
    }

    /** The content of the line; valid in {@code [0, length())} after {@link #read} returned true. */
    byte[] content() {
        return content;
    }

    /** Bytes of content of the current line, whole or partial. */
    int length() {
        return length;
    }

    /** Bytes of storage held now, whatever the current line's length. */
    int capacity() {
        return content == null ? 0 : content.length;
    }

    /** Forgets the current line and drops storage that grew past the initial size. */
    void release() {
        length = 0;
        pendingCr = false;
        lineEnded = false;
        if (content != null && content.length > INITIAL_CAPACITY) {
            content = null;
        }
    }
}
