package dev.nioserve.files;

import java.time.Instant;

/**
 * Conditional requests for GET and HEAD of a file, evaluated in the order RFC 9110 section
 * 13.2.2 fixes: If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since.
 * A date that is not a valid HTTP date is ignored, as if the field were absent; so is an
 * If-Modified-Since later than now (section 13.1.3). The caller only asks when the response
 * would otherwise be 2xx (section 13.2.1).
 */
public final class Preconditions {
    private Preconditions() {}

    /** What the conditions decide. */
    public enum Outcome {
        /** No condition stops the request: answer it (200 or 206). */
        PROCEED,
        /** The client's copy is current: 304 with the validators and no body. */
        NOT_MODIFIED,
        /** If-Match or If-Unmodified-Since failed: 412. */
        PRECONDITION_FAILED
    }

    /**
     * The conditional fields of a request, as sent; null when absent. Repeated list fields are
     * joined with ", " by the caller; a repeated date field makes its value invalid and so ignored.
     */
    public record Fields(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {}

    /**
     * @param current the selected representation's strong entity tag
     * @param lastModified its Last-Modified, truncated to the second as sent
     * @param now the time the response is generated
     */
    public static Outcome evaluate(Fields fields, EntityTag current, Instant lastModified, Instant now) {
        if (fields.ifMatch() != null) {
            if (!EntityTags.parse(fields.ifMatch()).strongMatch(current)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else if (fields.ifUnmodifiedSince() != null) {
            Instant since = HttpDate.parse(fields.ifUnmodifiedSince());
            if (since != null && lastModified.isAfter(since)) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        if (fields.ifNoneMatch() != null) {
            return EntityTags.parse(fields.ifNoneMatch()).weakMatch(current) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        if (fields.ifModifiedSince() != null) {
            Instant since = HttpDate.parse(fields.ifModifiedSince());
            if (since != null && !since.isAfter(now) && !lastModified.isAfter(since)) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a Range request may be answered partially under its If-Range (RFC 9110 section
     * 13.1.5): an entity tag must match strongly; a date must equal Last-Modified exactly, and
     * Last-Modified only counts as strong once its whole second is over (section 8.8.2.2), since a
     * second write within it would keep the same date. Anything else sends the whole file.
     *
     * @param ifRange the field value, or null when absent (then ranges apply)
     */
    public static boolean rangeAllowed(String ifRange, EntityTag current, Instant lastModified, Instant now) {
        if (ifRange == null) {
            return true;
        }
        EntityTag tag = EntityTag.parse(ifRange);
        if (tag != null) {
            return tag.strongMatch(current);
        }
        Instant date = HttpDate.parse(ifRange);
        return date != null
                && date.equals(lastModified)
                && !lastModified.plusSeconds(1).isAfter(now);
    }
}
