package dev.nioserve.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** IMF-fixdate, the one date format HTTP senders use (RFC 9110 section 5.6.7). */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private HttpDate() {}

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /**
     * Parses IMF-fixdate, and the two obsolete forms a recipient must still accept: RFC 850 and
     * asctime. Returns null for anything else, which callers treat as an absent field.
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        try {
            return ZonedDateTime.parse(value, IMF_FIXDATE).toInstant();
        } catch (DateTimeParseException notFixdate) {
            return parseObsolete(value);
        }
    }

    private static Instant parseObsolete(String value) {
        DateTimeFormatter[] obsolete = {
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
        };
        for (DateTimeFormatter format : obsolete) {
            try {
                return ZonedDateTime.parse(value, format.withZone(ZoneOffset.UTC))
                        .toInstant();
            } catch (DateTimeParseException next) {
                // try the next form
            }
        }
        return null;
    }
}
