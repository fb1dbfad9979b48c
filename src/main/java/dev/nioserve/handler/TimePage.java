package dev.nioserve.handler;

import dev.nioserve.http.Response;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The /time page: the server's local time in the form of C's ctime(), as the C server this one
 * replaces printed it, ctime's newline included. Never cached, since it changes every second.
 */
final class TimePage {
    /** {@code Thu Dec  4 16:50:50 2026}: the day of the month padded with a space, as ctime does. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    /** Source of "now" and of the local zone; fixed in tests. */
    private final Clock clock;

    TimePage(Clock clock) {
        this.clock = clock;
    }

    Response render() {
        String now = CTIME.format(ZonedDateTime.now(clock));
        return Response.text(200, "Local time is: " + now + "\n").header("Cache-Control", "no-store");
    }
}
