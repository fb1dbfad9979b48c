package dev.nioserve.http;

/**
 * Every way a request can be refused by the parser, each with its status and a fixed reason.
 * This is the one place parse errors come from: the reasons never carry client bytes, so they
 * are safe to log and to send back.
 *
 * <p>Each value holds one shared {@link HttpException}: it has no stack trace, no cause and no
 * suppressed exceptions, so it is immutable and refusing a request allocates nothing.
 */
enum ParseError {
    /** The request line is not {@code method SP target SP version} (RFC 9112 section 3). */
    BAD_REQUEST_LINE(400, "malformed request line"),
    /** The method is empty or not a token (RFC 9110 section 9.1). */
    BAD_METHOD(400, "invalid method"),
    /** The target is none of origin-form, absolute-form or asterisk-form (RFC 9112 section 3.2). */
    BAD_TARGET(400, "invalid request target"),
    /** The version is not {@code HTTP/DIGIT.DIGIT} (RFC 9112 section 2.3). */
    BAD_VERSION(400, "malformed HTTP version"),
    /** A well-formed version other than 1.0 and 1.1. */
    UNSUPPORTED_VERSION(505, "HTTP version not supported"),
    /** The request line passed maxRequestLine. */
    REQUEST_LINE_TOO_LONG(414, "request line too long"),
    /** More empty lines before the request line than RFC 9112 section 2.2 robustness needs. */
    TOO_MANY_EMPTY_LINES(400, "too many empty lines before the request"),
    /** A CR not followed by LF (RFC 9112 section 2.2). */
    BARE_CR(400, "CR not followed by LF"),
    /** A LF without CR where chunked framing demands CRLF (RFC 9112 section 7.1). */
    BARE_LF(400, "LF without CR in chunked framing"),
    /** A field line starting with whitespace: obsolete line folding (RFC 9112 section 5.2). */
    OBS_FOLD(400, "obsolete line folding"),
    /** A field name that is empty or not a token, or whitespace before the colon (RFC 9112 section 5.1). */
    BAD_FIELD_NAME(400, "invalid header field name"),
    /** A field line with no colon. */
    MISSING_COLON(400, "header field without colon"),
    /** A control byte or DEL in a field value (RFC 9110 section 5.5). */
    BAD_FIELD_VALUE(400, "invalid header field value"),
    /** The field lines passed maxHeaderBytes. */
    HEADERS_TOO_LARGE(431, "header section too large"),
    /** More field lines than maxHeaderCount. */
    TOO_MANY_FIELDS(431, "too many header fields"),
    /** An HTTP/1.1 request without Host (RFC 9112 section 3.2). */
    MISSING_HOST(400, "missing Host"),
    /** More than one Host field line (RFC 9112 section 3.2). */
    DUPLICATE_HOST(400, "more than one Host"),
    /** A Host value that is not uri-host [":" port] (RFC 9110 section 7.2). */
    BAD_HOST(400, "invalid Host"),
    /** More than one Content-Length field line, even with equal values (RFC 9112 section 6.3). */
    DUPLICATE_CONTENT_LENGTH(400, "more than one Content-Length"),
    /** A Content-Length that is not 1*DIGIT within a long (RFC 9110 section 8.6). */
    BAD_CONTENT_LENGTH(400, "invalid Content-Length"),
    /** Both Content-Length and Transfer-Encoding: a smuggling attempt (RFC 9112 section 6.3). */
    LENGTH_AND_TRANSFER_ENCODING(400, "both Content-Length and Transfer-Encoding"),
    /** A Transfer-Encoding other than exactly one chunked (RFC 9112 section 6.1). */
    BAD_TRANSFER_ENCODING(400, "unsupported Transfer-Encoding"),
    /** Transfer-Encoding in an HTTP/1.0 request, whose framing is then faulty (RFC 9112 section 6.1). */
    TRANSFER_ENCODING_ON_HTTP_1_0(400, "Transfer-Encoding in an HTTP/1.0 request"),
    /** A body, declared or counted, larger than maxBodyBytes. */
    BODY_TOO_LARGE(413, "request body too large"),
    /** A chunk-size that is not 1*HEXDIG (RFC 9112 section 7.1). */
    BAD_CHUNK_SIZE(400, "invalid chunk size"),
    /** Chunk extensions that do not follow RFC 9112 section 7.1.1. */
    BAD_CHUNK_EXTENSION(400, "invalid chunk extension"),
    /** A chunk-size line longer than maxRequestLine. */
    CHUNK_LINE_TOO_LONG(400, "chunk size line too long"),
    /** Chunk data not followed by exactly CRLF. */
    BAD_CHUNK_END(400, "chunk data not followed by CRLF"),
    /** The trailer lines passed maxHeaderBytes or maxHeaderCount. */
    TRAILERS_TOO_LARGE(431, "trailer section too large");

    private final HttpException exception;

    ParseError(int status, String reason) {
        this.exception = new HttpException(status, reason);
    }

    /** The shared exception that carries this error's status and reason. */
    HttpException exception() {
        return exception;
    }
}
