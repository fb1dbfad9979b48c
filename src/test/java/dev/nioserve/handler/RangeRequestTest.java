package dev.nioserve.handler;

import static dev.nioserve.handler.Exchanges.bodyText;
import static dev.nioserve.handler.Exchanges.get;
import static dev.nioserve.handler.Exchanges.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.files.FileOptions;
import dev.nioserve.http.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeRequestTest {
    private static final String TYPE = "text/plain; charset=utf-8";
    private static final String AT_MODIFIED = "Sat, 01 Mar 2025 10:20:30 GMT";

    @TempDir
    Path root;

    private String content;
    private Router router;

    @BeforeEach
    void buildSite() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append((char) ('A' + i % 26));
        }
        content = text.toString();
        Path file = Files.writeString(root.resolve("letters.txt"), content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-03-01T10:20:30Z")));
        router = new Router(
                root, FileOptions.DEFAULTS, Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
    }

    /** Range | Content-Range of the single part sent */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bytes=0-9|bytes 0-9/100",
                "bytes=90-|bytes 90-99/100",
                "bytes=-5|bytes 95-99/100",
                "bytes=10-1000|bytes 10-99/100",
                "bytes=0-4,5-9|bytes 0-9/100",
                "bytes=3-7,0-4|bytes 0-7/100",
            })
    void singleRangeIs206WithContentRangeAndThoseBytes(String range, String contentRange) {
        Response response = router.handle(get("/letters.txt", "Range", range));
        assertEquals(206, response.status());
        assertEquals(contentRange, response.headers().get("Content-Range"));
        assertEquals(TYPE, response.headers().get("Content-Type"));
        assertEquals("bytes", response.headers().get("Accept-Ranges"));
        String[] ends = contentRange.substring(6, contentRange.indexOf('/')).split("-");
        String expected = content.substring(Integer.parseInt(ends[0]), Integer.parseInt(ends[1]) + 1);
        assertEquals(expected, bodyText(response));
    }

    @Test
    void severalRangesAreMultipartByterangesInRequestOrder() {
        Response response = router.handle(get("/letters.txt", "Range", "bytes=50-54, 0-4"));
        assertEquals(206, response.status());
        assertNull(response.headers().get("Content-Range"));
        String type = response.headers().get("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String expected = "--" + boundary + "\r\nContent-Type: " + TYPE + "\r\nContent-Range: bytes 50-54/100\r\n\r\n"
                + content.substring(50, 55)
                + "\r\n--" + boundary + "\r\nContent-Type: " + TYPE + "\r\nContent-Range: bytes 0-4/100\r\n\r\n"
                + content.substring(0, 5)
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, bodyText(response));
    }

    @Test
    void everyMultipartAnswerHasItsOwnBoundary() {
        Response first = router.handle(get("/letters.txt", "Range", "bytes=0-0,2-2"));
        Response second = router.handle(get("/letters.txt", "Range", "bytes=0-0,2-2"));
        assertNotEquals(first.headers().get("Content-Type"), second.headers().get("Content-Type"));
        Exchanges.close(first);
        Exchanges.close(second);
    }

    @Test
    void unsatisfiableRangeIs416WithTheLength() {
        Response response = router.handle(get("/letters.txt", "Range", "bytes=100-"));
        assertEquals(416, response.status());
        assertEquals("bytes */100", response.headers().get("Content-Range"));
    }

    /** Range fields that are ignored: the whole file, 200. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bytes=9-0",
                "bytes=abc",
                "items=0-9",
                "bytes=0-0,1-1,2-2,3-3,4-4,5-5,6-6,7-7,8-8,9-9,10-10," + "11-11,12-12,13-13,14-14,15-15,16-16"
            })
    void invalidOrExcessiveRangesAreIgnored(String range) {
        Response response = router.handle(get("/letters.txt", "Range", range));
        assertEquals(200, response.status());
        assertEquals(content, bodyText(response));
    }

    @Test
    void rangeSentTwiceIsIgnored() {
        Response response = router.handle(get("/letters.txt", "Range", "bytes=0-1", "Range", "bytes=2-3"));
        assertEquals(200, response.status());
        Exchanges.close(response);
    }

    @Test
    void ifRangeWithTheCurrentEtagOrDateKeepsTheRange() {
        Response plain = router.handle(get("/letters.txt"));
        String etag = plain.headers().get("ETag");
        Exchanges.close(plain);
        assertEquals("ABC", bodyText(router.handle(get("/letters.txt", "Range", "bytes=0-2", "If-Range", etag))));
        assertEquals(
                206,
                router.handle(get("/letters.txt", "Range", "bytes=0-2", "If-Range", AT_MODIFIED))
                        .status());
    }

    /** If-Range values that no longer hold: the whole file, 200. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {"\"stale\"", "Sat, 01 Mar 2025 10:20:29 GMT", "not a validator"})
    void ifRangeThatDoesNotMatchSendsTheWholeFile(String ifRange) {
        Response response = router.handle(get("/letters.txt", "Range", "bytes=0-2", "If-Range", ifRange));
        assertEquals(200, response.status());
        assertEquals(content, bodyText(response));
    }

    @Test
    void ifRangeSentTwiceSendsTheWholeFile() {
        Response response = router.handle(
                get("/letters.txt", "Range", "bytes=0-2", "If-Range", AT_MODIFIED, "If-Range", AT_MODIFIED));
        assertEquals(200, response.status());
        Exchanges.close(response);
    }

    @Test
    void weakEtagInIfRangeNeverMatches() {
        Response plain = router.handle(get("/letters.txt"));
        String etag = plain.headers().get("ETag");
        Exchanges.close(plain);
        Response response = router.handle(get("/letters.txt", "Range", "bytes=0-2", "If-Range", "W/" + etag));
        assertEquals(200, response.status());
        Exchanges.close(response);
    }

    @Test
    void headWithARangeGivesTheFieldsTheRangedGetWould() {
        Response response = router.handle(request("HEAD", "/letters.txt", "Range", "bytes=0-2"));
        assertEquals(206, response.status());
        assertEquals("bytes 0-2/100", response.headers().get("Content-Range"));
        assertEquals(3, response.body().length());
        Exchanges.close(response);
    }

    @Test
    void wholeFileAdvertisesRanges() {
        Response response = router.handle(get("/letters.txt"));
        assertEquals("bytes", response.headers().get("Accept-Ranges"));
        Exchanges.close(response);
    }

    @Test
    void failedPreconditionWinsOverRange() {
        assertEquals(
                412,
                router.handle(get("/letters.txt", "Range", "bytes=0-2", "If-Match", "\"x\""))
                        .status());
    }
}
