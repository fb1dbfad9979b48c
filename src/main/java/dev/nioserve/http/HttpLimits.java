package dev.nioserve.http;

/**
 * The sizes a request head may reach. Each is enforced at the byte where it is crossed, so a
 * client can never make the parser hold more than these bounds.
 *
 * @param maxRequestLine bytes of the request line without its line ending; past it, 414
 * @param maxHeaderBytes bytes of the header section after the request line; past it, 431
 * @param maxHeaderCount header fields in one request; past it, 431
 * @param maxBodyBytes the largest request body the server reads and discards; past it, 413
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBodyBytes) {

    public static final HttpLimits DEFAULT = new HttpLimits(8 * 1024, 16 * 1024, 100, 1024 * 1024);

    public HttpLimits {
        if (maxRequestLine < 16 || maxHeaderBytes < 16 || maxHeaderCount < 1 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("HTTP limits too small");
        }
    }
}
