package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryListingTest {
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]*)\">([^<]*)</a>");

    @TempDir
    Path base;

    private Path root;

    @BeforeEach
    void buildTree() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        Path dir = Files.createDirectories(root.resolve("files"));
        Files.writeString(dir.resolve("b.txt"), "12345");
        Files.writeString(dir.resolve("a.txt"), "1");
        Files.writeString(dir.resolve("<script>alert(1)<\\script>.txt"), "x");
        Files.writeString(dir.resolve("a:b & \"c\".txt"), "x");
        Files.writeString(dir.resolve(".secret"), "x");
        Files.createDirectories(dir.resolve("zdir"));
        Files.createDirectories(dir.resolve("adir"));
        Files.writeString(base.resolve("outside.txt"), "x");
        Files.createSymbolicLink(dir.resolve("out.txt"), base.resolve("outside.txt"));
        Files.createSymbolicLink(dir.resolve("in.txt"), dir.resolve("b.txt"));
        Files.setLastModifiedTime(dir.resolve("b.txt"), FileTime.from(Instant.parse("2025-03-01T10:20:30Z")));
    }

    @Test
    void listsDirectoriesFirstThenFilesSortedByName() throws Exception {
        List<String> shown = shown(render(FileOptions.DEFAULTS, "/files/"));
        assertEquals(
                List.of(
                        "../",
                        "adir/",
                        "zdir/",
                        "<script>alert(1)<\\script>.txt",
                        "a.txt",
                        "a:b & \"c\".txt",
                        "b.txt",
                        "in.txt"),
                shown);
    }

    @Test
    void namesAreEscapedForHtmlAndEncodedForLinks() throws Exception {
        String page = render(FileOptions.DEFAULTS, "/files/");
        assertFalse(page.contains("<script>"), "a name is never markup");
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;\\script&gt;.txt"));
        assertTrue(page.contains("href=\"./%3Cscript%3Ealert(1)%3C%5Cscript%3E.txt\""));
        assertTrue(page.contains("href=\"./a%3Ab%20%26%20%22c%22.txt\""), "a colon cannot start a scheme");
        assertTrue(page.contains("href=\"./adir/\""));
    }

    @Test
    void showsSizesAndUtcDates() throws Exception {
        String page = render(FileOptions.DEFAULTS, "/files/");
        assertTrue(page.contains(">b.txt</a></td><td class=\"size\">5</td><td>2025-03-01 10:20 UTC</td>"), page);
        assertTrue(page.contains(">adir/</a></td><td class=\"size\">-</td>"));
    }

    @Test
    void hiddenNamesAndLinksOutOfTheRootAreLeftOutUnlessAllowed() throws Exception {
        List<String> strict = shown(render(FileOptions.DEFAULTS, "/files/"));
        assertFalse(strict.contains(".secret"));
        assertFalse(strict.contains("out.txt"));
        List<String> open = shown(render(
                FileOptions.builder().dotfiles(true).symlinksOutOfRoot(true).build(), "/files/"));
        assertTrue(open.contains(".secret"));
        assertTrue(open.contains("out.txt"));
    }

    @Test
    void titleShowsTheDecodedPathEscapedAndTheRootHasNoParentLink() throws Exception {
        Files.createDirectories(root.resolve("a&b"));
        assertTrue(render(FileOptions.DEFAULTS, "/a%26b/").contains("<title>Index of /a&amp;b/</title>"));
        String top = render(FileOptions.DEFAULTS, "/");
        assertTrue(top.contains("<h1>Index of /</h1>"));
        assertFalse(shown(top).contains("../"));
    }

    private String render(FileOptions options, String raw) throws Exception {
        DocumentRoot documentRoot = new DocumentRoot(
                root, options.toBuilder().directoryListing(true).build());
        RequestPath path = RequestPath.parse(raw);
        Resolved directory = documentRoot.lookup(path);
        assertEquals(Resolved.Kind.LISTING, directory.kind());
        return new String(DirectoryListing.render(documentRoot, directory, path), StandardCharsets.UTF_8);
    }

    /** The link texts in page order, unescaped. */
    private static List<String> shown(String page) {
        List<String> names = new ArrayList<>();
        Matcher link = LINK.matcher(page);
        while (link.find()) {
            names.add(link.group(2)
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&"));
        }
        return names;
    }
}
