package dev.nioserve.http;

/** How a request says where its body ends (RFC 9112 section 6.3). */
public enum BodyFraming {
    /** No Content-Length and no Transfer-Encoding: the request has no body. */
    NONE,
    /** A single valid Content-Length gives the body's size. */
    LENGTH,
    /** Transfer-Encoding whose last coding is chunked. */
    CHUNKED
}
