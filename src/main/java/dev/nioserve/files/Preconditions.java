package dev.nioserve.files;

import java.time.Instant;

/**
 * Conditional requests for GET and HEAD of a file, evaluated in the order RFC 9110 section
 * 13.2.2 fixes: If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since.
 * The caller parses the date fields: one that is not a valid HTTP date, or is sent twice, is
 * ignored, as if absent; so is an If-Modified-Since later than now (section 13.1.3). The caller
 * only asks when the response would otherwise be 2xx (section 13.2.1).
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
     * The conditional fields of a request; null when absent. The lists are as sent, their lines
     * joined with ", "; the dates are parsed, and null when absent, invalid or repeated.
     */
    public record Fields(String ifMatch, String ifNoneMatch, Instant ifModifiedSince, Instant ifUnmodifiedSince) {}

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
        } else if (fields.ifUnmodifiedSince() != null && lastModified.isAfter(fields.ifUnmodifiedSince())) {
            return Outcome.PRECONDITION_FAILED;
        }
        if (fields.ifNoneMatch() != null) {
            return EntityTags.parse(fields.ifNoneMatch()).weakMatch(current) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        Instant since = fields.ifModifiedSince();
        if (since != null && !since.isAfter(now) && !lastModified.isAfter(since)) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a Range request may be answered partially under an If-Range field (RFC 9110
     * section 13.1.5), given the field read as an entity tag or as a date: a tag must match
     * strongly; a date must equal Last-Modified exactly, and Last-Modified only counts as strong
     * once its whole second is over (section 8.8.2.2), since a second write within it would keep
     * the same date. A field that is neither sends the whole file.
     *
     * @param tag the field as one entity tag, or null when it is not one
     * @param date the field as an HTTP date, or null when it is not one
     */
    public static boolean rangeAllowed(
            EntityTag tag, Instant date, EntityTag current, Instant lastModified, Instant now) {
        if (tag != null) {
            return tag.strongMatch(current);
        }
        return date != null
                && date.equals(lastModified)
                && !lastModified.plusSeconds(1).isAfter(now);
    }
}
