package dev.nioserve.handler;

import static dev.nioserve.handler.Exchanges.bodyText;
import static dev.nioserve.handler.Exchanges.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.files.FileOptions;
import dev.nioserve.http.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The serving rules that options switch: hidden names, links out, listings, the 404 page, caching. */
class FileRulesTest {
    @TempDir
    Path base;

    private Path root;

    @BeforeEach
    void buildTree() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.writeString(root.resolve(".env"), "KEY=1");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/HEAD"), "ref");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/one.txt"), "1");
        Files.writeString(base.resolve("outside.txt"), "outside");
        Files.createSymbolicLink(root.resolve("out.txt"), base.resolve("outside.txt"));
    }

    /** options: d = dotfiles, s = symlinks out of the root, l = listings; "-" for none. */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource({
        "-, /a.txt, 200",
        "-, /.env, 404",
        "-, /.git/HEAD, 404",
        "-, /.git/, 404",
        "d, /.env, 200",
        "d, /.git/HEAD, 200",
        "-, /out.txt, 404",
        "s, /out.txt, 200",
        "-, /docs/, 404",
        "l, /docs/, 200",
        "l, /docs, 301",
        "l, /, 200",
        "l, /.git/, 404",
        "dl, /.git/, 200",
    })
    void optionsDecideWhatIsServed(String flags, String target, int status) throws IOException {
        Response response = router(options(flags)).handle(get(target));
        assertEquals(status, response.status());
        Exchanges.close(response);
    }

    @Test
    void listingIsHtmlWithTheCachePolicyAndNoSniffing() throws IOException {
        Response response = router(options("l")).handle(get("/docs/"));
        assertEquals("text/html; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals("no-cache", response.headers().get("Cache-Control"));
        assertEquals("nosniff", response.headers().get("X-Content-Type-Options"));
        assertTrue(bodyText(response).contains("href=\"./one.txt\""));
    }

    @Test
    void rootNotFoundPageIsTheBodyOfEvery404() throws IOException {
        Files.writeString(root.resolve("404.html"), "<h1>lost</h1>");
        Router router = router(FileOptions.DEFAULTS);
        for (String target : new String[] {"/missing", "/.env", "/out.txt", "/docs/", "/a.txt/"}) {
            Response response = router.handle(get(target));
            assertEquals(404, response.status(), target);
            assertEquals("text/html; charset=utf-8", response.headers().get("Content-Type"));
            assertEquals("<h1>lost</h1>", bodyText(response));
        }
    }

    @Test
    void notFoundPageThatIsTooLargeOrHiddenOrOutsideIsNotUsed() throws IOException {
        Files.writeString(root.resolve("404.html"), "x".repeat(StaticFiles.MAX_ERROR_PAGE_BYTES + 1));
        assertEquals("Not found\n", bodyText(router(FileOptions.DEFAULTS).handle(get("/missing"))));
        Files.delete(root.resolve("404.html"));
        Files.createSymbolicLink(root.resolve("404.html"), base.resolve("outside.txt"));
        assertEquals("Not found\n", bodyText(router(FileOptions.DEFAULTS).handle(get("/missing"))));
    }

    @Test
    void cacheControlIsConfigurableAndNoSniffIsOnEveryFile() throws IOException {
        Response plain = router(FileOptions.DEFAULTS).handle(get("/a.txt"));
        assertEquals("no-cache", plain.headers().get("Cache-Control"));
        assertEquals("nosniff", plain.headers().get("X-Content-Type-Options"));
        Exchanges.close(plain);
        Response tuned = router(
                        FileOptions.builder().cacheControl("public, max-age=60").build())
                .handle(get("/a.txt"));
        assertEquals("public, max-age=60", tuned.headers().get("Cache-Control"));
        Exchanges.close(tuned);
    }

    private Router router(FileOptions options) throws IOException {
        return new Router(root, options, Clock.systemUTC());
    }

    private static FileOptions options(String flags) {
        return FileOptions.builder()
                .dotfiles(flags.contains("d"))
                .symlinksOutOfRoot(flags.contains("s"))
                .directoryListing(flags.contains("l"))
                .build();
    }
}
