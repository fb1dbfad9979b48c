package dev.nioserve.files;

/**
 * The Content-Type the server sends for a file, and how its bytes behave under compression.
 *
 * @param value the full field value, with {@code ; charset=utf-8} on text types
 * @param kind whether compressing it helps
 */
public record MediaType(String value, Kind kind) {

    /** How a type's bytes respond to gzip or brotli. */
    public enum Kind {
        /** Text served as UTF-8: compresses well, and may be gzipped on the fly. */
        TEXT,
        /** Binary that may still shrink (wasm, icons, fonts without their own compression). */
        BINARY,
        /** Already compressed (images, woff2, audio, video, archives): never sent with a content coding. */
        COMPRESSED
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    public boolean isCompressed() {
        return kind == Kind.COMPRESSED;
    }
}
