package dev.nioserve.handler;

import static dev.nioserve.handler.Exchanges.bodyText;
import static dev.nioserve.handler.Exchanges.get;
import static dev.nioserve.handler.Exchanges.headLines;
import static dev.nioserve.handler.Exchanges.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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

class ConditionalRequestTest {
    private static final Instant MODIFIED = Instant.parse("2025-03-01T10:20:30.500Z");
    private static final String AT_MODIFIED = "Sat, 01 Mar 2025 10:20:30 GMT";

    @TempDir
    Path root;

    private Router router;
    private String etag;

    @BeforeEach
    void buildSite() throws IOException {
        Path file = Files.writeString(root.resolve("a.txt"), "alpha");
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
        router = new Router(
                root, FileOptions.DEFAULTS, Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
        Response plain = router.handle(get("/a.txt"));
        etag = plain.headers().get("ETag");
        Exchanges.close(plain);
    }

    @Test
    void fileCarriesAStrongEtagAndLastModified() {
        assertNotNull(etag);
        assertEquals('"', etag.charAt(0));
        Response response = router.handle(get("/a.txt"));
        assertEquals(AT_MODIFIED, response.headers().get("Last-Modified"));
        Exchanges.close(response);
    }

    @Test
    void matchingIfNoneMatchIs304WithValidatorsAndNoBody() {
        Response response = router.handle(get("/a.txt", "If-None-Match", "\"nope\", " + etag));
        assertEquals(304, response.status());
        assertEquals(etag, response.headers().get("ETag"));
        assertEquals(AT_MODIFIED, response.headers().get("Last-Modified"));
        assertEquals("no-cache", response.headers().get("Cache-Control"));
        assertEquals(0, response.body().length());
    }

    @Test
    void ifNoneMatchSplitOverTwoLinesStillMatches() {
        Response response = router.handle(get("/a.txt", "If-None-Match", "\"nope\"", "If-None-Match", etag));
        assertEquals(304, response.status());
    }

    @Test
    void ifModifiedSinceTheLastModifiedSecondIs304() {
        assertEquals(
                304,
                router.handle(get("/a.txt", "If-Modified-Since", AT_MODIFIED)).status());
        Response older = router.handle(get("/a.txt", "If-Modified-Since", "Sat, 01 Mar 2025 10:20:29 GMT"));
        assertEquals(200, older.status());
        assertEquals("alpha", bodyText(older));
    }

    @Test
    void dateFieldsSentTwiceOrInvalidAreIgnored() {
        Response twice =
                router.handle(get("/a.txt", "If-Modified-Since", AT_MODIFIED, "If-Modified-Since", AT_MODIFIED));
        assertEquals(200, twice.status());
        Exchanges.close(twice);
        Response invalid = router.handle(get("/a.txt", "If-Unmodified-Since", "last week"));
        assertEquals(200, invalid.status());
        Exchanges.close(invalid);
        Response obsolete = router.handle(get("/a.txt", "If-Modified-Since", "Sat Mar  1 10:20:30 2025"));
        assertEquals(304, obsolete.status(), "asctime is still a date a recipient must read");
    }

    @Test
    void failedIfMatchOrIfUnmodifiedSinceIs412() {
        assertEquals(412, router.handle(get("/a.txt", "If-Match", "\"other\"")).status());
        assertEquals(412, router.handle(get("/a.txt", "If-Match", "W/" + etag)).status());
        assertEquals(
                412,
                router.handle(get("/a.txt", "If-Unmodified-Since", "Sat, 01 Mar 2025 10:20:29 GMT"))
                        .status());
        Response passed = router.handle(get("/a.txt", "If-Match", etag));
        assertEquals(200, passed.status());
        Exchanges.close(passed);
    }

    @Test
    void headGetsTheSameConditionalAnswerAsGet() {
        for (String[] fields :
                new String[][] {{"If-None-Match", etag}, {"If-Match", "\"x\""}, {"If-None-Match", "\"x\""}}) {
            Response got = router.handle(get("/a.txt", fields));
            Response head = router.handle(request("HEAD", "/a.txt", fields));
            assertEquals(headLines(got), headLines(head));
            Exchanges.close(got);
            Exchanges.close(head);
        }
    }

    @Test
    void changedFileGetsANewEtag() throws IOException {
        Files.writeString(root.resolve("a.txt"), "alpha2");
        Response response = router.handle(get("/a.txt", "If-None-Match", etag));
        assertEquals(200, response.status());
        assertNotEquals(etag, response.headers().get("ETag"));
        Exchanges.close(response);
    }

    @Test
    void conditionsAreIgnoredWhenTheAnswerIsNot2xx() {
        assertEquals(404, router.handle(get("/missing", "If-Match", "\"x\"")).status());
        assertEquals(404, router.handle(get("/missing", "If-None-Match", "*")).status());
    }
}
