package dev.nioserve.handler;

import static dev.nioserve.handler.Exchanges.bodyText;
import static dev.nioserve.handler.Exchanges.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nioserve.http.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every spelling of "climb out of the root" we know of, sent through the whole handler. The
 * secret sits beside the root, so any way out would find it; none may.
 */
class TraversalTest {
    private static final String SECRET = "TOP SECRET";

    @TempDir
    Path base;

    private Router router;

    @BeforeEach
    void buildTree() throws IOException {
        Path root = Files.createDirectories(base.resolve("root"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("secret.txt"), outside.resolve("secret.txt"));
        router = new Router(root);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/../outside/secret.txt|400",
                "/%2e%2e/outside/secret.txt|400",
                "/%2E%2e/%2e%2E/outside/secret.txt|400",
                "/sub/%2e%2e/%2e%2e/outside/secret.txt|400",
                "/sub/../../outside/secret.txt|400",
                "/.%2e/outside/secret.txt|400",
                "/%2e./outside/secret.txt|400",
                "/%252e%252e/outside/secret.txt|404",
                "/%25252e%25252e/outside/secret.txt|404",
                "/..%2foutside%2fsecret.txt|400",
                "/sub%2f..%2f..%2foutside%2fsecret.txt|400",
                "/..%5coutside%5csecret.txt|400",
                "/..\\outside\\secret.txt|400",
                "/%c0%ae%c0%ae/outside/secret.txt|400",
                "/%c0%ae%c0%ae%c0%afoutside%c0%afsecret.txt|400",
                "/%e0%80%ae%e0%80%ae/outside/secret.txt|400",
                "/%00/../outside/secret.txt|400",
                "/secret.txt%00.html|400",
                "//../outside/secret.txt|400",
                "/./../outside/secret.txt|400",
                "/..;/outside/secret.txt|404",
                "/.../outside/secret.txt|404",
                "/escape/secret.txt|404",
                "/secret.txt|404",
                "/sub/../escape/secret.txt|404",
                "https://localhost/../outside/secret.txt|400",
            })
    void noSpellingReachesTheFileBesideTheRoot(String target, int status) {
        Response response = router.handle(get(target));
        String body = bodyText(response);
        assertFalse(body.contains(SECRET), target);
        assertEquals(status, response.status(), target);
    }

    @Test
    void dotSegmentsThatStayInsideTheRootAreServed() {
        Response response = router.handle(get("/sub/../a.txt"));
        assertEquals(200, response.status());
        assertEquals("alpha", bodyText(response));
        assertEquals("alpha", bodyText(router.handle(get("/sub/%2e%2e/a.txt"))));
    }
}
