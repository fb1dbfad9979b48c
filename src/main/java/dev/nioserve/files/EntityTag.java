package dev.nioserve.files;

import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * An entity tag (RFC 9110 section 8.8.3): an opaque string in quotes, weak when prefixed W/.
 *
 * @param opaque the characters between the quotes
 * @param weak whether the tag was marked W/
 */
public record EntityTag(String opaque, boolean weak) {

    /**
     * The strong tag of a file's bytes: its size and modification time in nanoseconds, and the
     * content coding when the bytes are an encoded variant, so each variant has its own tag.
     *
     * @param coding the coding token ("gzip", "br"), or "" for the file's own bytes
     */
    public static EntityTag forFile(long size, FileTime modified, String coding) {
        String opaque = Long.toHexString(size) + "-" + Long.toHexString(modified.to(TimeUnit.NANOSECONDS));
        return new EntityTag(coding.isEmpty() ? opaque : opaque + "-" + coding, false);
    }

    /** Strong comparison: both strong, same opaque tag (RFC 9110 section 8.8.3.2). */
    public boolean strongMatch(EntityTag other) {
        return !weak && !other.weak && opaque.equals(other.opaque);
    }

    /** Weak comparison: same opaque tag, whatever the W/ marks. */
    public boolean weakMatch(EntityTag other) {
        return opaque.equals(other.opaque);
    }

    /** One entity tag and nothing else, as If-Range carries it; null when the text is not exactly that. */
    public static EntityTag parse(String text) {
        String value = text.trim();
        int end = EntityTags.tagEnd(value, 0);
        return end == value.length() ? EntityTags.tag(value, 0, end) : null;
    }

    /** The field form: {@code "opaque"} or {@code W/"opaque"}. */
    @Override
    public String toString() {
        return (weak ? "W/\"" : "\"") + opaque + '"';
    }
}
