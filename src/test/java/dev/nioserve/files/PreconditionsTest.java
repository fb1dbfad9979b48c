package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.files.Preconditions.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreconditionsTest {
    private static final EntityTag CURRENT = new EntityTag("abc", false);
    private static final Instant MODIFIED = Instant.parse("2025-03-01T10:20:30Z");
    private static final Instant NOW = Instant.parse("2025-03-02T00:00:00Z");

    /**
     * If-Match | If-None-Match | If-Modified-Since | If-Unmodified-Since | outcome. Dates are named
     * (see {@link #instant}); "yesterday" stands for a date field the caller could not parse.
     */
    @ParameterizedTest(name = "[{index}] {0} | {1} | {2} | {3} -> {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "||||PROCEED",
                "|\"abc\"|||NOT_MODIFIED",
                "|W/\"abc\"|||NOT_MODIFIED",
                "|\"xyz\", \"abc\"|||NOT_MODIFIED",
                "|\"xyz\"|||PROCEED",
                "|*|||NOT_MODIFIED",
                "|abc|||PROCEED",
                "||AT_MODIFIED||NOT_MODIFIED",
                "||AFTER||NOT_MODIFIED",
                "||BEFORE||PROCEED",
                "||FUTURE||PROCEED",
                "||yesterday||PROCEED",
                "|\"xyz\"|AT_MODIFIED||PROCEED",
                "|\"abc\"|BEFORE||NOT_MODIFIED",
                "\"abc\"||||PROCEED",
                "W/\"abc\"||||PRECONDITION_FAILED",
                "\"xyz\"||||PRECONDITION_FAILED",
                "*||||PROCEED",
                "\"xyz\", \"abc\"||||PROCEED",
                "''||||PRECONDITION_FAILED",
                "|||BEFORE|PRECONDITION_FAILED",
                "|||AT_MODIFIED|PROCEED",
                "|||AFTER|PROCEED",
                "|||yesterday|PROCEED",
                "\"abc\"|||BEFORE|PROCEED",
                "\"xyz\"|\"abc\"|||PRECONDITION_FAILED",
                "\"abc\"|\"abc\"|||NOT_MODIFIED",
                "|\"abc\"||BEFORE|PRECONDITION_FAILED",
                "||AT_MODIFIED|BEFORE|PRECONDITION_FAILED",
            })
    void conditionsAreEvaluatedInTheOrderOfRfc9110(
            String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince, Outcome expected) {
        Preconditions.Fields fields =
                new Preconditions.Fields(ifMatch, ifNoneMatch, instant(ifModifiedSince), instant(ifUnmodifiedSince));
        assertEquals(expected, Preconditions.evaluate(fields, CURRENT, MODIFIED, NOW));
    }

    /** If-Range | whether the range applies. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"abc\"|true",
                "W/\"abc\"|false",
                "\"xyz\"|false",
                "AT_MODIFIED|true",
                "AFTER|false",
                "BEFORE|false",
                "garbage|false",
                "\"abc\", \"xyz\"|false",
            })
    void ifRangeNeedsAStrongMatch(String ifRange, boolean expected) {
        assertEquals(expected, Preconditions.rangeAllowed(tag(ifRange), instant(ifRange), CURRENT, MODIFIED, NOW));
    }

    @Test
    void ifRangeDateWithinTheModificationSecondIsWeakAndSendsTheWholeFile() {
        assertFalse(Preconditions.rangeAllowed(null, MODIFIED, CURRENT, MODIFIED, MODIFIED.plusMillis(999)));
        assertTrue(Preconditions.rangeAllowed(null, MODIFIED, CURRENT, MODIFIED, MODIFIED.plusSeconds(1)));
    }

    /** The named instant; anything else stands for a field that is not a valid date. */
    private static Instant instant(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "AT_MODIFIED" -> MODIFIED;
            case "BEFORE" -> MODIFIED.minusSeconds(1);
            case "AFTER" -> MODIFIED.plusSeconds(3600);
            case "FUTURE" -> NOW.plusSeconds(86_400);
            default -> null;
        };
    }

    private static EntityTag tag(String field) {
        return field == null ? null : EntityTag.parse(field);
    }
}
