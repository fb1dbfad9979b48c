package dev.nioserve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three date forms of RFC 9110 section 5.6.7, with its own example instant. */
class HttpDateTest {
    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void formatsImfFixdateWithATwoDigitDay() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(EXAMPLE));
    }

    @Test
    void parsesAllThreeFormsToTheSameInstant() {
        assertEquals(EXAMPLE, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(EXAMPLE, HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(EXAMPLE, HttpDate.parse("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void anythingElseIsNoDate() {
        assertNull(HttpDate.parse("yesterday"));
        assertNull(HttpDate.parse(""));
        assertNull(HttpDate.parse(null));
    }
}
