package dev.nioserve.files;

import java.time.Instant;

/**
 * The bytes chosen to answer a request for a file, and what describes them.
 *
 * @param file the file the bytes come from: the requested one, or its precompressed sibling
 * @param type the media type of the requested file, whatever the coding
 * @param coding the content coding of the bytes
 * @param length the number of bytes of the whole representation
 * @param etag the strong validator of exactly these bytes
 * @param lastModified when they last changed, truncated to the second as Last-Modified sends it
 * @param varies whether the resource has encoded variants, so every answer about it says Vary: Accept-Encoding
 * @param content the bytes when they are in memory (compressed on the fly, or a cached small
 *     file); null when they are to be streamed from {@code file}. Shared: never written.
 */
public record Representation(
        Resolved file,
        MediaType type,
        ContentCoding coding,
        long length,
        EntityTag etag,
        Instant lastModified,
        boolean varies,
        byte[] content) {}
