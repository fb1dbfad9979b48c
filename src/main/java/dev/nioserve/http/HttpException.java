package dev.nioserve.http;

/**
 * A request the server refuses, with the status that says why. The reason is a fixed phrase
 * chosen by the server and safe to send and log: it never carries bytes the client sent.
 */
public final class HttpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The response status: 400, 405, 408, 413, 414, 431, 501 or 505. */
    public int status() {
        return status;
    }

    /** A short fixed phrase for logs and for the response body. */
    public String reason() {
        return getMessage();
    }
}
