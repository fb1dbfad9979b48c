package dev.nioserve.http;

import java.nio.ByteBuffer;

/**
 * Reads and discards one chunked body (RFC 9112 section 7.1): chunk-size lines with their
 * extensions, the data, the CRLF after each chunk, and the trailer section. Unlike the head,
 * chunked framing takes no bare LF: every line ends with exactly CRLF, since a lenient reader of
 * chunk framing is what request smuggling feeds on.
 *
 * <p>The sizes are counted against maxBodyBytes as they are read. A chunk-size whose value would
 * pass what remains of that budget is refused with 413 at the digit that passes it, so no
 * number of hex digits can overflow; a size that is not 1*HEXDIG is 400.
 */
final class ChunkedBodySkipper {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Where the skipper stands inside the body. */
    private enum State {
        /** Reading a chunk-size line with its extensions. */
        SIZE_LINE,
        /** Discarding the data of a chunk; chunkRemaining bytes are left. */
        DATA,
        /** Expecting the CR after a chunk's data. */
        DATA_CR,
        /** Expecting the LF after a chunk's data. */
        DATA_LF,
        /** Reading trailer field lines after the last chunk, until the empty line. */
        TRAILERS,
        /** The body ended with its final CRLF; nothing more is consumed. */
        DONE
    }

    private final HttpLimits limits;
    /** Shared with the parser, which is done with it once the head is complete. */
    private final LineReader lines;

    private State state = State.SIZE_LINE;
    /** Data bytes of the current chunk not yet discarded. */
    private long chunkRemaining;
    /** Sum of the chunk sizes so far, never above maxBodyBytes. */
    private long bodyBytes;
    /** Content bytes of the trailer lines so far, never above maxHeaderBytes. */
    private int trailerBytes;
    /** Trailer field lines so far, never above maxHeaderCount. */
    private int trailerCount;

    ChunkedBodySkipper(HttpLimits limits, LineReader lines) {
        this.limits = limits;
        this.lines = lines;
    }

    void reset() {
        state = State.SIZE_LINE;
        chunkRemaining = 0;
        bodyBytes = 0;
        trailerBytes = 0;
        trailerCount = 0;
    }

    /** Consumes body bytes from {@code src}; COMPLETE once the body ended, never past its end. */
    ParseStatus skip(ByteBuffer src) throws HttpException {
        while (true) {
            switch (state) {
                case SIZE_LINE -> {
                    if (!lines.read(src, limits.maxRequestLine(), ParseError.CHUNK_LINE_TOO_LONG, true)) {
                        return ParseStatus.NEED_MORE;
                    }
                    sizeLine(lines.content(), lines.length());
                }
                case DATA -> {
                    chunkRemaining = RequestParser.discard(src, chunkRemaining);
                    if (chunkRemaining > 0) {
                        return ParseStatus.NEED_MORE;
                    }
                    state = State.DATA_CR;
                }
                case DATA_CR, DATA_LF -> {
                    if (!src.hasRemaining()) {
                        return ParseStatus.NEED_MORE;
                    }
                    dataEnding(src.get());
                }
                case TRAILERS -> {
                    if (!lines.read(src, limits.maxHeaderBytes() - trailerBytes, ParseError.TRAILERS_TOO_LARGE, true)) {
                        return ParseStatus.NEED_MORE;
                    }
                    trailerLine(lines.content(), lines.length());
                }
                case DONE -> {
                    return ParseStatus.COMPLETE;
                }
            }
        }
    }

    /** {@code chunk-size [chunk-ext]}: the size counts against the body budget as its digits come. */
    private void sizeLine(byte[] line, int length) throws HttpException {
        int digits = 0;
        while (digits < length && HttpSyntax.hexValue(line[digits]) >= 0) {
            digits++;
        }
        int leadingZeros = 0;
        while (leadingZeros < digits - 1 && line[leadingZeros] == '0') {
            leadingZeros++;
        }
        if (digits - leadingZeros > 16) {
            // No 64-bit length has that many digits: the size is malformed, not merely large (case C22).
            throw ParseError.BAD_CHUNK_SIZE.exception();
        }
        long budget = limits.maxBodyBytes() - bodyBytes;
        long size = 0;
        int i = 0;
        for (; i < digits; i++) {
            if (size > budget >>> 4) {
                throw ParseError.BODY_TOO_LARGE.exception();
            }
            // size * 16 <= budget here, so adding one digit cannot overflow.
            size = (size << 4) + HttpSyntax.hexValue(line[i]);
            if (size > budget) {
                throw ParseError.BODY_TOO_LARGE.exception();
            }
        }
        if (i == 0) {
            throw ParseError.BAD_CHUNK_SIZE.exception();
        }
        checkExtensions(line, i, length);
        bodyBytes += size;
        chunkRemaining = size;
        state = size == 0 ? State.TRAILERS : State.DATA;
    }

    /**
     * {@code *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )} with ext-val a token or
     * quoted-string (RFC 9112 section 7.1.1). The extensions are checked, then ignored.
     */
    private static void checkExtensions(byte[] line, int from, int to) throws HttpException {
        int i = from;
        while (i < to) {
            i = HttpSyntax.skipWhitespace(line, i, to);
            if (i == to || line[i] != ';') {
                throw ParseError.BAD_CHUNK_EXTENSION.exception();
            }
            i = HttpSyntax.skipWhitespace(line, i + 1, to);
            int nameEnd = HttpSyntax.tokenEnd(line, i, to);
            if (nameEnd == i) {
                throw ParseError.BAD_CHUNK_EXTENSION.exception();
            }
            i = nameEnd;
            int equals = HttpSyntax.skipWhitespace(line, nameEnd, to);
            if (equals < to && line[equals] == '=') {
                i = extensionValueEnd(line, HttpSyntax.skipWhitespace(line, equals + 1, to), to);
            }
        }
    }

    private static int extensionValueEnd(byte[] line, int from, int to) throws HttpException {
        int end = from < to && line[from] == '"'
                ? HttpSyntax.quotedStringEnd(line, from, to)
                : HttpSyntax.tokenEnd(line, from, to);
        if (end <= from) {
            throw ParseError.BAD_CHUNK_EXTENSION.exception();
        }
        return end;
    }

    /** The CR, then the LF, that must follow a chunk's data. */
    private void dataEnding(byte b) throws HttpException {
        if (state == State.DATA_CR) {
            if (b != CR) {
                throw b == LF ? ParseError.BARE_LF.exception() : ParseError.BAD_CHUNK_END.exception();
            }
            state = State.DATA_LF;
        } else {
            if (b != LF) {
                throw ParseError.BARE_CR.exception();
            }
            state = State.SIZE_LINE;
        }
    }

    /** A trailer field, checked like a header field and discarded; the empty line ends the body. */
    private void trailerLine(byte[] line, int length) throws HttpException {
        if (length == 0) {
            state = State.DONE;
            return;
        }
        trailerBytes += length;
        if (++trailerCount > limits.maxHeaderCount()) {
            throw ParseError.TRAILERS_TOO_LARGE.exception();
        }
        HeadBuilder.checkFieldLine(line, length);
    }
}
