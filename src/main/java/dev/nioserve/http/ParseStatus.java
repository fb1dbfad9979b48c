package dev.nioserve.http;

/** What one call of a parser returns. */
public enum ParseStatus {
    /** Every byte offered was consumed and the message is not complete yet; call again with more bytes. */
    NEED_MORE,
    /** One message (or one message part) is complete; bytes after it were left in the buffer. */
    COMPLETE,
    /** The input can never become a valid message; the parser's error says which status to answer. */
    MALFORMED
}
