package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDateTest {
    private static final Instant NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void formatsImfFixdateWithTwoDigitDay() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(NOV_6_1994));
        assertEquals("Fri, 04 Dec 2026 16:50:50 GMT", HttpDate.format(Instant.parse("2026-12-04T16:50:50.999Z")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "Sun, 06 Nov 1994 08:49:37 GMT",
                "Sunday, 06-Nov-94 08:49:37 GMT",
                "Sun Nov  6 08:49:37 1994",
                "  Sun, 06 Nov 1994 08:49:37 GMT ",
            })
    void readsAllThreeHttpDateForms(String text) {
        assertEquals(NOV_6_1994, HttpDate.parse(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                "yesterday",
                "Sun, 06 Nov 1994 08:49:37 PST",
                "Mon, 06 Nov 1994 08:49:37 GMT",
                "Sun, 6 Nov 1994 08:49:37 GMT",
                "Sun, 06 Nov 1994 25:49:37 GMT",
                "1994-11-06T08:49:37Z",
            })
    void invalidDatesReadAsNull(String text) {
        assertNull(HttpDate.parse(text));
    }
}
