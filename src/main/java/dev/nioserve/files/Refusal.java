package dev.nioserve.files;

/**
 * Why a path is not served. Each value carries its status and a fixed phrase that is safe to
 * send and log: it never contains the path the client asked for.
 */
public enum Refusal {
    /** The path breaks a decoding rule: bad escape, bad UTF-8, a forbidden character, or a climb above the root. */
    BAD_PATH(400, "Bad request path"),
    /** The file exists but the server may not read it. */
    FORBIDDEN(403, "Forbidden"),
    /** Nothing servable is there: missing, outside the root, hidden, or not a regular file. */
    NOT_FOUND(404, "Not found");

    private final int status;
    private final String phrase;

    Refusal(int status, String phrase) {
        this.status = status;
        this.phrase = phrase;
    }

    public int status() {
        return status;
    }

    /** A short fixed phrase for the response body and for logs. */
    public String phrase() {
        return phrase;
    }
}
