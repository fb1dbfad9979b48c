package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BundledSiteTest {

    @Test
    void indexListsEveryFileOfTheSiteFolder() throws IOException, URISyntaxException {
        // In the build the resources are a plain folder, so here (unlike in a jar) they can be listed.
        Path folder =
                Path.of(BundledSite.class.getResource(BundledSite.RESOURCE_DIR).toURI());
        TreeSet<String> present;
        try (Stream<Path> files = Files.walk(folder)) {
            present = files.filter(Files::isRegularFile)
                    .map(file -> folder.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> !name.equals(BundledSite.INDEX))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(present, new TreeSet<>(BundledSite.names()));
    }

    @Test
    void extractCopiesEveryFileByteForByteIntoAFreshFolder() throws IOException {
        Path first = BundledSite.extract();
        Path second = BundledSite.extract();
        try {
            assertNotEquals(first, second);
            List<String> names = BundledSite.names();
            assertTrue(names.containsAll(List.of("index.html", "style.css", "app.js", "404.html")));
            for (String name : names) {
                assertArrayEquals(resource(name), Files.readAllBytes(first.resolve(name)), name);
            }
            assertFalse(Files.exists(first.resolve(BundledSite.INDEX)));
        } finally {
            deleteTree(first);
            deleteTree(second);
        }
    }

    @Test
    void extractedSiteServesItsIndexThroughTheDocumentRoot() throws Exception {
        Path site = BundledSite.extract();
        try {
            Resolved index = new DocumentRoot(site).lookup(RequestPath.ROOT);
            assertEquals(site.toRealPath().resolve("index.html"), index.path());
        } finally {
            deleteTree(site);
        }
    }

    @Test
    void siteKeepsTheHooksABrowserTestReads() throws IOException {
        String index = new String(resource("index.html"), StandardCharsets.UTF_8);
        assertTrue(index.contains("href=\"/style.css\""));
        assertTrue(index.contains("src=\"/app.js\""));
        assertTrue(index.contains("href=\"/time\""));
        assertTrue(index.contains("id=\"time\""));
        String script = new String(resource("app.js"), StandardCharsets.UTF_8);
        assertTrue(script.contains("document.body.dataset.jsLoaded = \"yes\""));
        assertTrue(script.contains("fetch(\"/time\""));
        String style = new String(resource("style.css"), StandardCharsets.UTF_8);
        assertTrue(style.contains("background-color: #0b1220;"), "body's computed color is rgb(11, 18, 32)");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BundledSite.class.getResourceAsStream(BundledSite.RESOURCE_DIR + name)) {
            return in.readAllBytes();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
