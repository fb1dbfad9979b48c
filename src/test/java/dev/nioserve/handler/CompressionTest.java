package dev.nioserve.handler;

import static dev.nioserve.handler.Exchanges.bodyBytes;
import static dev.nioserve.handler.Exchanges.bodyText;
import static dev.nioserve.handler.Exchanges.get;
import static dev.nioserve.handler.Exchanges.headLines;
import static dev.nioserve.handler.Exchanges.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nioserve.files.FileOptions;
import dev.nioserve.http.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressionTest {
    private static final String CSS = "main { margin: 0 auto; }\n".repeat(80);

    @TempDir
    Path root;

    private Router router;

    @BeforeEach
    void buildSite() throws IOException {
        Files.writeString(root.resolve("site.css"), CSS);
        Files.writeString(root.resolve("tiny.css"), "a{}");
        Files.writeString(root.resolve("app.js"), "console.log(1);\n".repeat(100));
        Files.writeString(root.resolve("app.js.br"), "pretend brotli");
        router = new Router(root, FileOptions.DEFAULTS, Clock.systemUTC());
    }

    @Test
    void textIsGzippedWhenAcceptedAndVariesOnAcceptEncoding() throws IOException {
        Response response = router.handle(get("/site.css", "Accept-Encoding", "gzip, deflate"));
        assertEquals(200, response.status());
        assertEquals("gzip", response.headers().get("Content-Encoding"));
        assertEquals("Accept-Encoding", response.headers().get("Vary"));
        assertEquals("text/css; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals(CSS, gunzip(bodyBytes(response)));
    }

    @Test
    void identityAnswerAboutAResourceWithVariantsAlsoVaries() {
        Response response = router.handle(get("/site.css"));
        assertNull(response.headers().get("Content-Encoding"));
        assertEquals("Accept-Encoding", response.headers().get("Vary"));
        assertEquals(CSS, bodyText(response));
    }

    @Test
    void brotliSiblingIsSentWithTheOriginalType() {
        Response response = router.handle(get("/app.js", "Accept-Encoding", "gzip, br"));
        assertEquals("br", response.headers().get("Content-Encoding"));
        assertEquals("text/javascript; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals("pretend brotli", bodyText(response));
    }

    @Test
    void resourceWithoutVariantsDoesNotVary() {
        Response response = router.handle(get("/tiny.css", "Accept-Encoding", "gzip"));
        assertNull(response.headers().get("Content-Encoding"));
        assertNull(response.headers().get("Vary"));
        Exchanges.close(response);
    }

    @Test
    void gzipEtagValidatesOnlyTheGzipVariant() {
        Response gzipped = router.handle(get("/site.css", "Accept-Encoding", "gzip"));
        String etag = gzipped.headers().get("ETag");
        Exchanges.close(gzipped);
        Response again = router.handle(get("/site.css", "Accept-Encoding", "gzip", "If-None-Match", etag));
        assertEquals(304, again.status());
        assertEquals("Accept-Encoding", again.headers().get("Vary"));
        assertEquals(etag, again.headers().get("ETag"));
        Response plain = router.handle(get("/site.css", "If-None-Match", etag));
        assertEquals(200, plain.status());
        assertNotEquals(etag, plain.headers().get("ETag"));
        Exchanges.close(plain);
    }

    @Test
    void rangesAreCutFromTheFilesOwnBytes() {
        Response response = router.handle(get("/site.css", "Accept-Encoding", "gzip", "Range", "bytes=0-3"));
        assertEquals(206, response.status());
        assertNull(response.headers().get("Content-Encoding"));
        assertEquals("Accept-Encoding", response.headers().get("Vary"));
        assertEquals("main", bodyText(response));
    }

    /** field name | field value | status; each answer must still say Vary. */
    @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {"If-Match|\"nope\"|412", "Range|bytes=99999-|416", "Accept-Encoding|identity;q=0, *;q=0|200"})
    void everyAnswerAboutAResourceWithVariantsVaries(String name, String value, int status) {
        Response response = router.handle(get("/site.css", name, value));
        assertEquals(status, response.status());
        assertEquals("Accept-Encoding", response.headers().get("Vary"));
        Exchanges.close(response);
    }

    @Test
    void headWithGzipGivesTheHeadOfGet() {
        Response got = router.handle(get("/site.css", "Accept-Encoding", "gzip"));
        Response head = router.handle(request("HEAD", "/site.css", "Accept-Encoding", "gzip"));
        assertEquals(headLines(got), headLines(head));
        Exchanges.close(got);
        Exchanges.close(head);
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
