package dev.nioserve.handler;

import static dev.nioserve.handler.Exchanges.bodyText;
import static dev.nioserve.handler.Exchanges.get;
import static dev.nioserve.handler.Exchanges.headLines;
import static dev.nioserve.handler.Exchanges.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.files.FileOptions;
import dev.nioserve.http.BytesBody;
import dev.nioserve.http.FileRegionBody;
import dev.nioserve.http.HttpDate;
import dev.nioserve.http.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {
    private static final Instant MODIFIED = Instant.parse("2025-03-01T10:20:30.456Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @TempDir
    Path root;

    private Router router;

    @BeforeEach
    void buildSite() throws IOException {
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("style.css"), "body{}");
        Files.write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<p>sub</p>");
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.from(MODIFIED));
        router = new Router(root, FileOptions.DEFAULTS, Clock.fixed(Instant.parse("2026-12-04T15:50:50Z"), PARIS));
    }

    @Test
    void getServesAFileWithTypeLastModifiedAndItsBytes() {
        Response response = router.handle(get("/a.txt"));
        assertEquals(200, response.status());
        assertEquals("text/plain; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals("Sat, 01 Mar 2025 10:20:30 GMT", response.headers().get("Last-Modified"));
        assertEquals("nosniff", response.headers().get("X-Content-Type-Options"));
        assertEquals(6, response.body().length());
        assertEquals("alpha\n", bodyText(response));
    }

    @Test
    void rootAndDirectoriesServeTheirIndex() {
        Response home = router.handle(get("/"));
        assertEquals("text/html; charset=utf-8", home.headers().get("Content-Type"));
        assertEquals("<h1>home</h1>", bodyText(home));
        assertEquals("<p>sub</p>", bodyText(router.handle(get("/sub/"))));
        assertEquals("<p>sub</p>", bodyText(router.handle(get("/sub/index.html"))));
    }

    @Test
    void directoryWithoutSlashRedirectsKeepingTheQuery() {
        Response response = router.handle(get("/sub?x=1&y=%20"));
        assertEquals(301, response.status());
        assertEquals("/sub/?x=1&y=%20", response.headers().get("Location"));
        assertEquals("/sub/", router.handle(get("/sub")).headers().get("Location"));
    }

    @Test
    void redirectLocationNeverNamesAnotherHost() throws IOException {
        Files.createDirectories(root.resolve("evil.example"));
        Response response = router.handle(get("//evil.example"));
        assertEquals(301, response.status());
        assertEquals("/evil.example/", response.headers().get("Location"));
    }

    @Test
    void absoluteFormTargetsServeTheirPath() {
        assertEquals("alpha\n", bodyText(router.handle(get("https://localhost:8443/a.txt"))));
        assertEquals("<h1>home</h1>", bodyText(router.handle(get("https://localhost:8443"))));
    }

    @Test
    void timePageShowsLocalTimeAsCtimeDoesWithItsNewline() {
        Response response = router.handle(get("/time"));
        assertEquals(200, response.status());
        assertEquals("text/plain; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals("no-store", response.headers().get("Cache-Control"));
        assertEquals("Local time is: Fri Dec  4 16:50:50 2026\n", bodyText(response));
    }

    @Test
    void timePageDayOfTwoDigitsHasNoPadding() throws IOException {
        Router late = new Router(
                root, FileOptions.DEFAULTS, Clock.fixed(Instant.parse("2027-01-17T23:05:09Z"), ZoneId.of("UTC")));
        assertEquals("Local time is: Sun Jan 17 23:05:09 2027\n", bodyText(late.handle(get("/time?x"))));
    }

    @Test
    void timePageIsOnlyTheExactPath() {
        assertEquals(404, router.handle(get("/time/")).status());
        assertEquals(404, router.handle(get("/times")).status());
        assertEquals(200, router.handle(get("/%74ime")).status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/a.txt", "/", "/sub", "/time", "/missing", "/%zz", "/logo.png", "/style.css"})
    void headGivesExactlyTheHeadOfGet(String target) {
        Response got = router.handle(get(target));
        Response head = router.handle(request("HEAD", target));
        assertEquals(headLines(got), headLines(head));
        Exchanges.close(got);
        Exchanges.close(head);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
    void knownMethodsOtherThanGetAndHeadAre405WithAllow(String method) {
        Response response = router.handle(request(method, "/a.txt"));
        assertEquals(405, response.status());
        assertEquals("GET, HEAD", response.headers().get("Allow"));
        assertEquals("Method not allowed\n", bodyText(response));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BREW", "PROPFIND", "get", "Head", "M-SEARCH"})
    void unknownMethodsAre501(String method) {
        Response response = router.handle(request(method, "/a.txt"));
        assertEquals(501, response.status());
        assertNull(response.headers().get("Allow"));
    }

    @Test
    void missingFileIs404WithAFixedPhrase() {
        Response response = router.handle(get("/no-such-file.txt"));
        assertEquals(404, response.status());
        assertEquals("Not found\n", bodyText(response));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/<script>alert(1)</script>", "/%3Cscript%3E", "/../%3Cscript%3E", "/%c0%3Cscript%3E"})
    void errorBodiesNeverEchoTheRequestedPath(String target) {
        Response response = router.handle(get(target));
        String body = bodyText(response).toLowerCase();
        assertFalse(body.contains("script"), body);
        assertFalse(String.join("\n", headLines(response)).toLowerCase().contains("script"));
    }

    @Test
    void smallFilesComeFromMemoryAndLargeOnesStreamFromTheFile() throws IOException {
        Files.write(root.resolve("large.bin"), new byte[FileOptions.DEFAULTS.smallFileMaxBytes() + 1]);
        Response small = router.handle(get("/a.txt"));
        Response large = router.handle(get("/large.bin"));
        assertTrue(small.body() instanceof BytesBody);
        assertTrue(large.body() instanceof FileRegionBody);
        assertEquals(FileOptions.DEFAULTS.smallFileMaxBytes() + 1, Exchanges.bodyBytes(large).length);
        Exchanges.close(small);
    }

    @Test
    void lastModifiedIsAnHttpDateTruncatedToTheSecond() {
        String field = router.handle(get("/a.txt")).headers().get("Last-Modified");
        assertEquals(MODIFIED.getEpochSecond(), HttpDate.parse(field).getEpochSecond());
    }
}
