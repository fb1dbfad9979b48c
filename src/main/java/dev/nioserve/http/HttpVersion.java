package dev.nioserve.http;

/** The two versions this server speaks over HTTP/1 framing. */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The version as it appears on the wire. */
    public String text() {
        return text;
    }
}
