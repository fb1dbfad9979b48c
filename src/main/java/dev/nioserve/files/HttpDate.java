package dev.nioserve.files;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** HTTP dates (RFC 9110 section 5.6.7): written as IMF-fixdate, read in all three historical forms. */
public final class HttpDate {
    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}; the JDK's RFC_1123 formatter drops the day's leading zero. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}; two-digit years read as 1970 to 2069. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.of(1970, 1, 1))
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);

    /** {@code Sun Nov  6 08:49:37 1994}, C's asctime(). */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private static final List<DateTimeFormatter> READABLE = List.of(IMF_FIXDATE, RFC_850, ASCTIME);

    private HttpDate() {}

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** The instant a date field names, or null when it is not a valid HTTP date (the field is then ignored). */
    public static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        for (DateTimeFormatter form : READABLE) {
            try {
                return form.parse(trimmed, Instant::from);
            } catch (DateTimeParseException e) {
                // not this form; try the next
            }
        }
        return null;
    }
}
