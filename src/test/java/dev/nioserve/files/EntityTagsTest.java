package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityTagsTest {

    /** field | the tags read, joined by spaces ("*" for any, "-" for none) */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"a\"|\"a\"",
                "\"a\", W/\"b\"|\"a\" W/\"b\"",
                "\"a,b\"|\"a,b\"",
                " , \"a\" ,, \"b\" ,|\"a\" \"b\"",
                "\"\"|\"\"",
                "*|*",
                " * |*",
                "\"a\" \"b\"|-",
                "a|-",
                "w/\"a\"|-",
                "\"a|-",
                "\"a b\"|-",
                "*, \"a\"|-",
                "\"a\";|-",
            })
    void listsAreScannedNotSplit(String field, String expected) {
        assertEquals(expected, describe(EntityTags.parse(field)));
    }

    @Test
    void strongComparisonNeedsBothStrongWeakComparisonOnlyTheOpaqueTag() {
        EntityTag strong = new EntityTag("x", false);
        EntityTag weak = new EntityTag("x", true);
        assertTrue(strong.strongMatch(new EntityTag("x", false)));
        assertFalse(strong.strongMatch(weak));
        assertFalse(weak.strongMatch(weak));
        assertTrue(strong.weakMatch(weak));
        assertFalse(strong.weakMatch(new EntityTag("y", false)));
    }

    @Test
    void singleTagParsesOnlyWhenItIsTheWholeText() {
        assertEquals(new EntityTag("a", false), EntityTag.parse(" \"a\" "));
        assertEquals(new EntityTag("a", true), EntityTag.parse("W/\"a\""));
        assertNull(EntityTag.parse("\"a\", \"b\""));
        assertNull(EntityTag.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
    }

    @Test
    void fileTagsDifferBySizeTimeAndCoding() {
        FileTime time = FileTime.from(Instant.parse("2025-03-01T10:20:30.123456789Z"));
        EntityTag plain = EntityTag.forFile(1234, time, "");
        assertFalse(plain.weak());
        assertEquals(plain, EntityTag.forFile(1234, time, ""));
        assertFalse(plain.equals(EntityTag.forFile(1235, time, "")));
        assertFalse(plain.equals(
                EntityTag.forFile(1234, FileTime.from(time.toInstant().plusNanos(1)), "")));
        assertFalse(plain.equals(EntityTag.forFile(1234, time, "gzip")));
        assertTrue(EntityTag.forFile(1234, time, "gzip").toString().matches("\"[0-9a-f]+-[0-9a-f]+-gzip\""));
    }

    private static String describe(EntityTags tags) {
        if (tags.any()) {
            return "*";
        }
        if (tags.tags().isEmpty()) {
            return "-";
        }
        return tags.tags().stream().map(EntityTag::toString).collect(Collectors.joining(" "));
    }
}
