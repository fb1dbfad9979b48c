package dev.nioserve.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
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

    /**
     * RFC 850's two-digit year is read as the year in the last fifty that ends with those digits
     * (RFC 9110 section 5.6.7), so "94" is 1994, not 2094.
     */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(
                    ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(49))
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);

    private static Instant parseObsolete(String value) {
        DateTimeFormatter[] obsolete = {RFC_850, DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)};
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
