package dev.nioserve.http;

import java.nio.ByteBuffer;

/**
 * An incremental, strict parser of HTTP/1.1 requests (RFC 9112), one request at a time.
 *
 * <p>The contract, for every call: the parser does no I/O, takes the bytes offered from the
 * buffer's position (read mode) and moves the position past what it consumed, and answers
 * <ul>
 *   <li>{@link ParseStatus#NEED_MORE}: every byte offered was consumed and the part is not done;
 *       call again with more bytes, cut anywhere, even one at a time;
 *   <li>{@link ParseStatus#COMPLETE}: the head (or body) ended; the bytes after it, which belong
 *       to the next pipelined request, were left in the buffer;
 *   <li>{@link ParseStatus#MALFORMED}: the request can never be valid; {@link #error()} says the
 *       status, and the error sticks until {@link #reset()}.
 * </ul>
 *
 * <p>Limits bite at the byte that crosses them, so no client can make the parser hold more than
 * {@code maxRequestLine} or {@code maxHeaderBytes} bytes of one line: request line over
 * maxRequestLine is 414; field lines over maxHeaderBytes in all (line endings not counted) or
 * more than maxHeaderCount of them is 431; a Content-Length over maxBodyBytes is 413 as the head
 * completes, and chunk sizes are counted against it as they come. Lines of the head end with CRLF
 * or a bare LF (RFC 9112 section 2.2); chunked framing takes only CRLF.
 *
 * <p>Up to {@value #MAX_LEADING_EMPTY_LINES} empty lines before the request line are skipped
 * (RFC 9112 section 2.2), and they do not count as the start of a request for {@link #started()}.
 *
 * <p>Not thread-safe: one connection's loop thread owns it.
 */
public final class RequestParser {
    /** Enough for a client that ends a body with an extra CRLF; more is not a robust client. */
    static final int MAX_LEADING_EMPTY_LINES = 4;

    /** Where the parser stands in the current request. */
    private enum Phase {
        /** Reading the request line, after skipping leading empty lines. */
        REQUEST_LINE,
        /** Reading field lines until the empty line that ends the head. */
        HEADERS,
        /** The head is complete; discarding a Content-Length body. */
        BODY_LENGTH,
        /** The head is complete; discarding a chunked body. */
        BODY_CHUNKED,
        /** The request, head and body, ended exactly; only reset() moves on. */
        DONE,
        /** The request is malformed; error holds why until reset(). */
        FAILED
    }

    private final HttpLimits limits;
    /** The current line of the head or of chunk framing; storage released by reset(). */
    private final LineReader lines;
    /** The head so far; reset for each request. */
    private final HeadBuilder head;
    /** The chunked body state, used only in BODY_CHUNKED; reset for each request. */
    private final ChunkedBodySkipper chunks;

    private Phase phase = Phase.REQUEST_LINE;
    /** Empty lines skipped before this request line, never above MAX_LEADING_EMPTY_LINES. */
    private int leadingEmptyLines;
    /** Set when the head completes, for the rest of the request; null before. */
    private Request request;
    /** Body bytes still to discard in BODY_LENGTH. */
    private long bodyRemaining;
    /** The first error of this request; set exactly when phase is FAILED. */
    private HttpException error;

    public RequestParser(HttpLimits limits) {
        this.limits = limits;
        this.lines = new LineReader(Math.max(limits.maxRequestLine(), limits.maxHeaderBytes()));
        this.head = new HeadBuilder(limits);
        this.chunks = new ChunkedBodySkipper(limits, lines);
    }

    /**
     * Consumes bytes of one request head from {@code src} (read mode; advances its position). Never
     * consumes a byte past the head's final empty line. Once the head is complete it answers
     * COMPLETE again without consuming.
     */
    public ParseStatus parseHead(ByteBuffer src) {
        try {
            return switch (phase) {
                case REQUEST_LINE, HEADERS -> readHead(src);
                case BODY_LENGTH, BODY_CHUNKED, DONE -> ParseStatus.COMPLETE;
                case FAILED -> ParseStatus.MALFORMED;
            };
        } catch (HttpException e) {
            return fail(e);
        }
    }

    private ParseStatus readHead(ByteBuffer src) throws HttpException {
        while (phase == Phase.REQUEST_LINE) {
            if (!lines.read(src, limits.maxRequestLine(), ParseError.REQUEST_LINE_TOO_LONG, false)) {
                return ParseStatus.NEED_MORE;
            }
            requestLine();
        }
        while (true) {
            if (!lines.read(src, head.fieldBudget(), ParseError.HEADERS_TOO_LARGE, false)) {
                return ParseStatus.NEED_MORE;
            }
            if (lines.length() == 0) {
                headComplete(head.build());
                return ParseStatus.COMPLETE;
            }
            head.field(lines.content(), lines.length());
        }
    }

    private void requestLine() throws HttpException {
        if (lines.length() == 0) {
            if (++leadingEmptyLines > MAX_LEADING_EMPTY_LINES) {
                throw ParseError.TOO_MANY_EMPTY_LINES.exception();
            }
            return;
        }
        head.requestLine(lines.content(), lines.length());
        phase = Phase.HEADERS;
    }

    private void headComplete(Request complete) {
        request = complete;
        switch (complete.framing()) {
            case NONE -> phase = Phase.DONE;
            case LENGTH -> {
                bodyRemaining = complete.contentLength();
                phase = bodyRemaining == 0 ? Phase.DONE : Phase.BODY_LENGTH;
            }
            case CHUNKED -> phase = Phase.BODY_CHUNKED;
        }
    }

    /**
     * After a COMPLETE head: consumes the body's bytes, discarding them, and for chunked the chunk
     * framing and trailers. COMPLETE when the body ended exactly (at once for a request without
     * a body); never consumes bytes of the next request.
     *
     * @throws IllegalStateException when the head is not complete yet
     */
    public ParseStatus skipBody(ByteBuffer src) {
        try {
            return switch (phase) {
                case REQUEST_LINE, HEADERS -> throw new IllegalStateException("skipBody before the head is complete");
                case BODY_LENGTH -> skipLength(src);
                case BODY_CHUNKED -> skipChunked(src);
                case DONE -> ParseStatus.COMPLETE;
                case FAILED -> ParseStatus.MALFORMED;
            };
        } catch (HttpException e) {
            return fail(e);
        }
    }

    private ParseStatus skipLength(ByteBuffer src) {
        bodyRemaining = discard(src, bodyRemaining);
        if (bodyRemaining > 0) {
            return ParseStatus.NEED_MORE;
        }
        phase = Phase.DONE;
        return ParseStatus.COMPLETE;
    }

    private ParseStatus skipChunked(ByteBuffer src) throws HttpException {
        ParseStatus status = chunks.skip(src);
        if (status == ParseStatus.COMPLETE) {
            phase = Phase.DONE;
        }
        return status;
    }

    /** Consumes up to {@code wanted} bytes of {@code src} and returns how many are still wanted. */
    static long discard(ByteBuffer src, long wanted) {
        int n = (int) Math.min(wanted, src.remaining());
        src.position(src.position() + n);
        return wanted - n;
    }

    private ParseStatus fail(HttpException e) {
        phase = Phase.FAILED;
        error = e;
        return ParseStatus.MALFORMED;
    }

    /**
     * The request whose head parseHead() answered COMPLETE for.
     *
     * @throws IllegalStateException before the head is complete
     */
    public Request request() {
        if (request == null) {
            throw new IllegalStateException("no complete request head");
        }
        return request;
    }

    /** Why the request was refused, after MALFORMED: a status and a fixed reason; null before. */
    public HttpException error() {
        return error;
    }

    /**
     * True once a byte of the current request has been consumed: its request line has begun.
     * Empty lines skipped before the request line do not count, so a connection that sent only
     * those is still idle. False right after {@link #reset()}.
     */
    public boolean started() {
        return phase != Phase.REQUEST_LINE || lines.length() > 0;
    }

    /** Bytes of line storage held now: at most LineReader.INITIAL_CAPACITY right after reset(). */
    int storageBytes() {
        return lines.capacity();
    }

    /** Ready for the next request; drops the per-request storage, so an idle connection holds nothing big. */
    public void reset() {
        phase = Phase.REQUEST_LINE;
        leadingEmptyLines = 0;
        request = null;
        bodyRemaining = 0;
        error = null;
        lines.release();
        head.reset();
        chunks.reset();
    }
}
