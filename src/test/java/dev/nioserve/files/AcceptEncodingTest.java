package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

    /** Accept-Encoding | codings offered besides identity ("-" for none) | coding chosen */
    @ParameterizedTest(name = "[{index}] {0} of {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "|gzip|IDENTITY",
                "''|gzip|IDENTITY",
                "gzip|gzip|GZIP",
                "GZIP|gzip|GZIP",
                "x-gzip|gzip|GZIP",
                "gzip|br|IDENTITY",
                "br|br gzip|BR",
                "gzip, br|br gzip|BR",
                "gzip, deflate, br, zstd|br gzip|BR",
                "gzip;q=1, br;q=0.5|br gzip|GZIP",
                "br;q=0.9, gzip;q=0.8|gzip|GZIP",
                "gzip;q=0|gzip|IDENTITY",
                "gzip;q=0.000|gzip|IDENTITY",
                "*|gzip|GZIP",
                "*;q=0|gzip|IDENTITY",
                "*;q=0, gzip|gzip|GZIP",
                "gzip;q=0, *|gzip|IDENTITY",
                "identity;q=0|gzip|IDENTITY",
                "identity;q=0, *;q=0|gzip|IDENTITY",
                "identity;q=0, gzip;q=0.1|gzip|GZIP",
                "identity, gzip;q=0.5|gzip|IDENTITY",
                "identity;q=0.5, gzip;q=0.5|gzip|GZIP",
                "gzipx|gzip|IDENTITY",
                "xgzip|gzip|IDENTITY",
                "deflate, gzip-ish, notgzip|gzip|IDENTITY",
                "gz|gzip|IDENTITY",
                "gzip;q=2|gzip|IDENTITY",
                "gzip;q=0.0001|gzip|IDENTITY",
                "gzip;q=1.000|gzip|GZIP",
                "gzip;q=1.001|gzip|IDENTITY",
                "gzip;q=0.001|gzip|GZIP",
                "gzip;q=.5|gzip|IDENTITY",
                "gzip;q=|gzip|IDENTITY",
                "gzip ; q=0.5|gzip|GZIP",
                "gzip;Q=0.5|gzip|GZIP",
                "gzip;level=9|gzip|GZIP",
                "gzip, gzip;q=0|gzip|GZIP",
                "gzip;q=abc, br|br gzip|BR",
                "g\u00fczip, gzip|gzip|GZIP",
                "gzip|-|IDENTITY",
            })
    void codingIsChosenByTokenAndWeight(String field, String offered, ContentCoding expected) {
        assertEquals(expected, AcceptEncoding.choose(field, codings(offered)));
    }

    /** q-value | thousandths, -1 for malformed */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        "0, 0",
        "1, 1000",
        "0.5, 500",
        "0.25, 250",
        "0.125, 125",
        "1.0, 1000",
        "1.000, 1000",
        "0., 0",
        "1.5, -1",
        "2, -1",
        "0.1234, -1",
        "-0.5, -1",
        "0.5x, -1",
        "01, -1",
        "'', -1"
    })
    void qvaluesFollowTheirGrammar(String text, int thousandths) {
        assertEquals(thousandths, AcceptEncoding.qvalue(text));
    }

    private static Set<ContentCoding> codings(String offered) {
        Set<ContentCoding> codings = EnumSet.noneOf(ContentCoding.class);
        if (!offered.equals("-")) {
            for (String token : offered.split(" ")) {
                codings.add(ContentCoding.valueOf(token.toUpperCase(Locale.ROOT)));
            }
        }
        return codings;
    }
}
