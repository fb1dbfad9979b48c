package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangesTest {

    /** Range field | length | WHOLE, UNSATISFIABLE, or the ranges sent as first-last,first-last */
    @ParameterizedTest(name = "[{index}] {0} of {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "|100|WHOLE",
                "bytes=0-9|100|0-9",
                "bytes=90-|100|90-99",
                "bytes=-10|100|90-99",
                "bytes=-200|100|0-99",
                "bytes=0-999|100|0-99",
                "bytes=99-99|100|99-99",
                "Bytes=0-0|100|0-0",
                "bytes= 0-0 , -1 |100|0-0,99-99",
                "bytes=0-9,5-19|100|0-19",
                "bytes=0-9,10-19|100|0-19",
                "bytes=0-9,11-19|100|0-9,11-19",
                "bytes=20-29,0-9,10-19|100|0-29",
                "bytes=50-59,0-9|100|50-59,0-9",
                "bytes=0-9,,20-29,|100|0-9,20-29",
                "bytes=0-,10-20|100|0-99",
                "bytes=100-|100|UNSATISFIABLE",
                "bytes=100-200|100|UNSATISFIABLE",
                "bytes=-0|100|UNSATISFIABLE",
                "bytes=100-,0-9|100|0-9",
                "bytes=0-|0|UNSATISFIABLE",
                "bytes=-5|0|UNSATISFIABLE",
                "bytes=9-0|100|WHOLE",
                "bytes=0-9,9-0|100|WHOLE",
                "bytes=abc|100|WHOLE",
                "bytes=|100|WHOLE",
                "bytes=,|100|WHOLE",
                "bytes=-|100|WHOLE",
                "bytes=1-2-3|100|WHOLE",
                "bytes=0x10-20|100|WHOLE",
                "bytes=+1-2|100|WHOLE",
                "bytes=1 -2|100|WHOLE",
                "items=0-9|100|WHOLE",
                "bytes 0-9|100|WHOLE",
                "=0-9|100|WHOLE",
                "bytes=0-99999999999999999999999|100|0-99",
                "bytes=99999999999999999999999-|100|UNSATISFIABLE",
                "bytes=-99999999999999999999999|100|0-99",
            })
    void rangeFieldsAreJudgedAgainstTheLength(String field, long length, String expected) {
        assertEquals(expected, describe(ByteRanges.evaluate(field, length, 16)));
    }

    @Test
    void moreRangesThanAllowedSendTheWholeFile() {
        String sixteen = "bytes=" + "0-0,".repeat(15) + "2-2";
        assertEquals("0-0,2-2", describe(ByteRanges.evaluate(sixteen, 100, 16)));
        String seventeen = "bytes=" + "0-0,".repeat(16) + "2-2";
        assertEquals("WHOLE", describe(ByteRanges.evaluate(seventeen, 100, 16)));
    }

    @Test
    void overlappingRangesNeverAddUpToMoreThanTheFile() {
        String greedy = "bytes=0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-";
        ByteRanges.Result result = ByteRanges.evaluate(greedy, 1_000_000, 16);
        assertEquals(1, result.ranges().size());
        assertEquals(1_000_000, result.ranges().get(0).length());
    }

    @Test
    void contentRangeIsWrittenWithBothEndsAndTheTotal() {
        assertEquals("bytes 10-19/100", new ByteRange(10, 19).contentRange(100));
        assertEquals(10, new ByteRange(10, 19).length());
    }

    private static String describe(ByteRanges.Result result) {
        if (result.verdict() != ByteRanges.Verdict.PARTIAL) {
            return result.verdict().name();
        }
        return result.ranges().stream()
                .map(range -> range.first() + "-" + range.last())
                .collect(Collectors.joining(","));
    }
}
