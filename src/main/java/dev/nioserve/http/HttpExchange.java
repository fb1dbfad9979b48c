package dev.nioserve.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 side of one connection: takes plaintext, parses one request at a time, asks the
 * handler for its response and produces the response's bytes for the TLS layer to wrap. It does
 * no I/O of its own and knows nothing of TLS or sockets.
 *
 * <p>Requests are answered strictly in order: while a response is being produced, input is left
 * where it is, so pipelined requests wait in the caller's buffers and in the socket, and a client
 * that pipelines without reading is held back by TCP rather than by our memory.
 *
 * <p>Phases: READ_HEAD, then READ_BODY when the request has a body to discard, then RESPOND while
 * the response is produced, back to READ_HEAD; or LAST_RESPONSE when the connection closes after
 * this response. An interim {@code 100 Continue} is produced during READ_BODY.
 */
public final class HttpExchange {
    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the exchange does with the next input byte. */
    public enum Phase {
        /** Parsing a request head; idle between requests when no byte of it has arrived. */
        READ_HEAD,
        /** Reading and discarding a request body so the next request is found where it starts. */
        READ_BODY,
        /** Producing a response; input waits. */
        RESPOND,
        /** Producing the last response; the connection closes once it is written. */
        LAST_RESPONSE
    }

    private final RequestParser parser;
    private final RequestHandler handler;
    private final ResponseHeads heads;

    private Phase phase = Phase.READ_HEAD;
    /** The request being read or answered; null between requests. */
    private Request request;
    /** A response decided before its request's body was read (after 100 Continue); else null. */
    private Response pending;
    /** Head bytes not yet produced, or null. */
    private ByteBuffer outHead;
    /** Body not yet produced, or null; closed once done or on abort. */
    private Body outBody;
    /** Responses completed on this connection; tells one request's head from the next. */
    private long responsesDone;

    public HttpExchange(HttpLimits limits, RequestHandler handler, ResponseHeads heads) {
        this.parser = new RequestParser(limits);
        this.handler = handler;
        this.heads = heads;
    }

    public Phase phase() {
        return phase;
    }

    /** True between requests, before any byte of the next one: a close here loses nothing. */
    public boolean idle() {
        return phase == Phase.READ_HEAD && !parser.started() && !hasOutput();
    }

    /** True when a request head has begun but is not complete: a deadline here earns a 408. */
    public boolean readingHead() {
        return phase == Phase.READ_HEAD && parser.started();
    }

    /** Responses completed on this connection: a head read after a different count is a new request. */
    public long responsesDone() {
        return responsesDone;
    }

    /** True when input would be consumed now. */
    public boolean wantsInput() {
        return (phase == Phase.READ_HEAD || phase == Phase.READ_BODY) && !hasOutput();
    }

    /**
     * Consumes request bytes from {@code in} (read mode) until a response is decided or the
     * bytes run out. Bytes of later pipelined requests stay in {@code in}.
     */
    public void consume(ByteBuffer in) {
        while (wantsInput() && in.hasRemaining()) {
            if (phase == Phase.READ_HEAD) {
                readHead(in);
            } else {
                readBody(in);
            }
        }
    }

    private void readHead(ByteBuffer in) {
        switch (parser.parseHead(in)) {
            case NEED_MORE -> {}
            case MALFORMED -> refuse(parser.error());
            case COMPLETE -> onHead(parser.request());
        }
    }

    private void readBody(ByteBuffer in) {
        switch (parser.skipBody(in)) {
            case NEED_MORE -> {}
            case MALFORMED -> refuse(parser.error());
            case COMPLETE -> respond(pending != null ? pending : handle(request));
        }
    }

    private void onHead(Request head) {
        request = head;
        if (!head.hasBody()) {
            respond(handle(head));
        } else if (head.version() == HttpVersion.HTTP_1_1 && head.headers().hasToken("Expect", "100-continue")) {
            // RFC 9110 section 10.1.1: ask for the body only when it will be used; otherwise
            // answer now and close, since the client may never send the body we would drain.
            Response response = handle(head);
            if (response.status() < 300) {
                pending = response;
                outHead = ByteBuffer.wrap(CONTINUE);
                phase = Phase.READ_BODY;
            } else {
                respond(response.closeAfter());
            }
        } else {
            phase = Phase.READ_BODY;
        }
    }

    private Response handle(Request head) {
        try {
            return handler.handle(head);
        } catch (RuntimeException e) {
            log.error("handler failed for {} {}", head.method(), head.path(), e);
            return Response.text(500, "Internal Server Error\n").closeAfter();
        }
    }

    private void refuse(HttpException error) {
        log.debug("refused request: {} {}", error.status(), error.reason());
        respond(errorResponse(error.status(), error.reason()));
    }

    /** A response that ends the connection, for the parser's refusals and for deadlines. */
    public static Response errorResponse(int status, String reason) {
        return Response.text(status, reason + "\n").closeAfter();
    }

    /** Answers {@code response} now, dropping whatever else was under way; used for a 408. */
    public void respondNow(Response response) {
        abort();
        respond(response);
    }

    private void respond(Response response) {
        boolean head = request != null && request.method().equals("HEAD");
        boolean keepAlive = !response.close() && request != null && request.wantsKeepAlive();
        outHead = ByteBuffer.wrap(heads.encode(response, request, keepAlive));
        if (head || !ResponseHeads.hasBody(response.status())) {
            closeQuietly(response.body());
        } else {
            outBody = response.body();
        }
        if (log.isTraceEnabled() && request != null) {
            log.trace("{} {} -> {}", request.method(), request.path(), response.status());
        }
        pending = null;
        phase = keepAlive ? Phase.RESPOND : Phase.LAST_RESPONSE;
    }

    /** True while response bytes are waiting to be produced. */
    public boolean hasOutput() {
        return outHead != null || outBody != null;
    }

    /**
     * Copies the next response bytes into {@code dst} (fill mode) as far as it has room.
     *
     * @return true when the response is complete and the next request may be read
     */
    public boolean produce(ByteBuffer dst) throws IOException {
        if (outHead != null) {
            int n = Math.min(outHead.remaining(), dst.remaining());
            dst.put(dst.position(), outHead, outHead.position(), n);
            dst.position(dst.position() + n);
            outHead.position(outHead.position() + n);
            if (outHead.hasRemaining()) {
                return false;
            }
            outHead = null;
        }
        while (outBody != null && dst.hasRemaining()) {
            if (outBody.read(dst) < 0) {
                closeQuietly(outBody);
                outBody = null;
            }
        }
        if (hasOutput()) {
            return false;
        }
        if (phase == Phase.RESPOND) {
            responsesDone++;
            parser.reset();
            request = null;
            phase = Phase.READ_HEAD;
        }
        return true;
    }

    /** True once the last response is fully produced: the connection should close. */
    public boolean finished() {
        return phase == Phase.LAST_RESPONSE && !hasOutput();
    }

    /** Releases what a response holds (an open file); safe to call at any time and twice. */
    public void abort() {
        if (outBody != null) {
            closeQuietly(outBody);
            outBody = null;
        }
        if (pending != null) {
            closeQuietly(pending.body());
            pending = null;
        }
        outHead = null;
    }

    private static void closeQuietly(Body body) {
        try {
            body.close();
        } catch (IOException e) {
            log.debug("closing a response body failed: {}", e.toString());
        }
    }
}
