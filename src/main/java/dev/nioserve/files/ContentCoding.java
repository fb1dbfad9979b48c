package dev.nioserve.files;

/** The content codings the server can send (RFC 9110 section 8.4.1), best first after identity. */
public enum ContentCoding {
    /** The file's own bytes, no Content-Encoding. */
    IDENTITY("identity", ""),
    /** Brotli, from a precompressed {@code file.br} only. */
    BR("br", ".br"),
    /** Gzip, from a precompressed {@code file.gz} or compressed on the fly for text. */
    GZIP("gzip", ".gz");

    private final String token;
    private final String suffix;

    ContentCoding(String token, String suffix) {
        this.token = token;
        this.suffix = suffix;
    }

    /** The name in Accept-Encoding and Content-Encoding. */
    public String token() {
        return token;
    }

    /** What a precompressed sibling adds to the file's name. */
    public String suffix() {
        return suffix;
    }
}
