package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentRootTest {
    @TempDir
    Path base;

    private Path root;
    private DocumentRoot documentRoot;

    @BeforeEach
    void buildTree() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<p>sub</p>");
        Files.createDirectories(root.resolve("empty"));
        Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("a.txt"));
        Files.createSymbolicLink(root.resolve("link-relative.txt"), Path.of("sub/index.html"));
        Files.createSymbolicLink(root.resolve("link-out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-dir-out"), outside);
        Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
        documentRoot = new DocumentRoot(root);
    }

    @Test
    void regularFileResolvesToItsRealPathWithSizeAndTime() throws Exception {
        Resolved resolved = documentRoot.lookup(RequestPath.parse("/a.txt"));
        assertEquals(Resolved.Kind.FILE, resolved.kind());
        assertEquals(root.toRealPath().resolve("a.txt"), resolved.path());
        assertEquals(5, resolved.size());
        assertEquals(Files.getLastModifiedTime(root.resolve("a.txt")), resolved.modified());
    }

    @Test
    void directoryWithSlashServesItsIndex() throws Exception {
        Resolved resolved = documentRoot.lookup(RequestPath.parse("/sub/"));
        assertEquals(Resolved.Kind.FILE, resolved.kind());
        assertEquals(root.toRealPath().resolve("sub/index.html"), resolved.path());
    }

    @Test
    void directoryWithoutSlashAsksForIt() throws Exception {
        assertEquals(
                Resolved.Kind.DIRECTORY_WITHOUT_SLASH,
                documentRoot.lookup(RequestPath.parse("/sub")).kind());
    }

    @Test
    void directoryWithoutIndexIsNotFound() {
        assertRefused(Refusal.NOT_FOUND, "/empty/");
    }

    @Test
    void missingFilesAndFilesNamedAsDirectoriesAreNotFound() {
        assertRefused(Refusal.NOT_FOUND, "/missing.txt");
        assertRefused(Refusal.NOT_FOUND, "/a.txt/");
        assertRefused(Refusal.NOT_FOUND, "/a.txt/more");
        assertRefused(Refusal.NOT_FOUND, "/%252e%252e/outside/secret.txt");
        assertRefused(Refusal.NOT_FOUND, "/" + "x".repeat(300));
    }

    @Test
    void symbolicLinksInsideTheRootAreFollowed() throws Exception {
        assertEquals(
                root.toRealPath().resolve("a.txt"),
                documentRoot.lookup(RequestPath.parse("/link-in.txt")).path());
        assertEquals(
                root.toRealPath().resolve("sub/index.html"),
                documentRoot.lookup(RequestPath.parse("/link-relative.txt")).path());
    }

    @Test
    void symbolicLinksLeadingOutOfTheRootAreNotFound() {
        assertRefused(Refusal.NOT_FOUND, "/link-out.txt");
        assertRefused(Refusal.NOT_FOUND, "/link-dir-out/secret.txt");
        assertRefused(Refusal.NOT_FOUND, "/link-dir-out/");
        assertRefused(Refusal.NOT_FOUND, "/loop");
    }

    @Test
    void indexThatLinksOutOfTheRootIsNotFound() throws Exception {
        Path dir = Files.createDirectories(root.resolve("trap"));
        Files.createSymbolicLink(dir.resolve("index.html"), base.resolve("outside/secret.txt"));
        assertRefused(Refusal.NOT_FOUND, "/trap/");
    }

    @Test
    void rootThatIsALinkIsResolvedOnceAndServesItsFiles() throws Exception {
        Path alias = Files.createSymbolicLink(base.resolve("alias"), root);
        DocumentRoot viaAlias = new DocumentRoot(alias);
        assertEquals(
                root.toRealPath().resolve("a.txt"),
                viaAlias.lookup(RequestPath.parse("/a.txt")).path());
    }

    @Test
    void openReadsTheResolvedFile() throws Exception {
        Resolved resolved = documentRoot.lookup(RequestPath.parse("/link-in.txt"));
        try (FileChannel channel = documentRoot.open(resolved)) {
            ByteBuffer content = ByteBuffer.allocate(16);
            channel.read(content);
            assertEquals("alpha", new String(content.array(), 0, content.position(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void fileSwappedForALinkAfterLookupIsNotOpened() throws Exception {
        Resolved resolved = documentRoot.lookup(RequestPath.parse("/a.txt"));
        Files.delete(root.resolve("a.txt"));
        Files.createSymbolicLink(root.resolve("a.txt"), base.resolve("outside/secret.txt"));
        FileRefusal refusal = assertThrows(FileRefusal.class, () -> documentRoot.open(resolved));
        assertEquals(Refusal.NOT_FOUND, refusal.refusal());
    }

    @Test
    void fileDeletedAfterLookupIsNotFoundWhenOpened() throws Exception {
        Resolved resolved = documentRoot.lookup(RequestPath.parse("/a.txt"));
        Files.delete(root.resolve("a.txt"));
        FileRefusal refusal = assertThrows(FileRefusal.class, () -> documentRoot.open(resolved));
        assertEquals(Refusal.NOT_FOUND, refusal.refusal());
    }

    @Test
    void fifoIsNotFound() throws Exception {
        Path fifo = root.resolve("pipe.txt");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is available");
        assertRefused(Refusal.NOT_FOUND, "/pipe.txt");
    }

    @Test
    void unreadableFileIsForbidden() throws Exception {
        Path locked = root.resolve("locked.txt");
        Files.writeString(locked, "locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        // root reads any file whatever its mode, so this rule can only be seen as another user.
        assumeTrue(!Files.isReadable(locked), "running as a user that file modes apply to");
        assertRefused(Refusal.FORBIDDEN, "/locked.txt");
    }

    @Test
    void dotfilesAndDotDirectoriesAreNotFoundByDefault() throws Exception {
        Files.writeString(root.resolve(".env"), "KEY=1");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[core]");
        Files.writeString(root.resolve("sub/.hidden.txt"), "h");
        Files.createSymbolicLink(root.resolve("innocent.txt"), root.resolve(".env"));
        for (String raw : new String[] {"/.env", "/.git/config", "/.git/", "/sub/.hidden.txt", "/innocent.txt"}) {
            assertRefused(Refusal.NOT_FOUND, raw);
        }
        DocumentRoot open =
                new DocumentRoot(root, FileOptions.builder().dotfiles(true).build());
        assertEquals(Resolved.Kind.FILE, open.lookup(RequestPath.parse("/.env")).kind());
        assertEquals(
                Resolved.Kind.FILE,
                open.lookup(RequestPath.parse("/.git/config")).kind());
        assertEquals(
                Resolved.Kind.FILE,
                open.lookup(RequestPath.parse("/innocent.txt")).kind());
    }

    @Test
    void rootInsideADotDirectoryStillServes() throws Exception {
        Path hiddenRoot = Files.createDirectories(base.resolve(".site/www"));
        Files.writeString(hiddenRoot.resolve("a.txt"), "a");
        DocumentRoot hidden = new DocumentRoot(hiddenRoot);
        assertEquals(
                Resolved.Kind.FILE, hidden.lookup(RequestPath.parse("/a.txt")).kind());
    }

    @Test
    void linksOutOfTheRootAreFollowedOnlyWhenAllowed() throws Exception {
        DocumentRoot open = new DocumentRoot(
                root, FileOptions.builder().symlinksOutOfRoot(true).build());
        Resolved secret = open.lookup(RequestPath.parse("/link-out.txt"));
        assertEquals(base.resolve("outside/secret.txt").toRealPath(), secret.path());
        assertEquals(
                Resolved.Kind.FILE,
                open.lookup(RequestPath.parse("/link-dir-out/secret.txt")).kind());
        assertRefused(Refusal.NOT_FOUND, "/link-out.txt");
    }

    @Test
    void directoryWithoutIndexIsListedOnlyWhenAllowed() throws Exception {
        DocumentRoot listing = new DocumentRoot(
                root, FileOptions.builder().directoryListing(true).build());
        assertEquals(
                Resolved.Kind.LISTING,
                listing.lookup(RequestPath.parse("/empty/")).kind());
        assertEquals(
                Resolved.Kind.LISTING, listing.lookup(RequestPath.parse("/")).kind());
        assertEquals(
                Resolved.Kind.FILE, listing.lookup(RequestPath.parse("/sub/")).kind());
        assertEquals(
                Resolved.Kind.DIRECTORY_WITHOUT_SLASH,
                listing.lookup(RequestPath.parse("/empty")).kind());
        assertRefused(Refusal.NOT_FOUND, "/empty/");
    }

    @Test
    void siblingCreatedAfterItWasFoundMissingIsFoundAtOnce() throws Exception {
        Path dir = Files.createDirectories(root.resolve("fresh"));
        Files.writeString(dir.resolve("page.css"), "body{}");
        Resolved file = documentRoot.lookup(RequestPath.parse("/fresh/page.css"));
        // A settled directory: the missing answer is remembered against its mtime.
        Files.setLastModifiedTime(
                dir, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        assertTrue(documentRoot.sibling(file, ".gz").isEmpty());
        assertTrue(documentRoot.sibling(file, ".gz").isEmpty(), "asked again from memory");

        Files.writeString(dir.resolve("page.css.gz"), "zipped");
        assertEquals(
                dir.resolve("page.css.gz").toRealPath(),
                documentRoot.sibling(file, ".gz").orElseThrow().path());
    }

    @Test
    void siblingCreatedRightAfterAMissInAFreshDirectoryIsFoundToo() throws Exception {
        Path dir = Files.createDirectories(root.resolve("busy"));
        Files.writeString(dir.resolve("page.css"), "body{}");
        Resolved file = documentRoot.lookup(RequestPath.parse("/busy/page.css"));
        assertTrue(documentRoot.sibling(file, ".gz").isEmpty());
        Files.writeString(dir.resolve("page.css.gz"), "zipped");
        assertTrue(documentRoot.sibling(file, ".gz").isPresent(), "a directory changed just now is not trusted");
    }

    @Test
    void siblingIsFoundOnlyWhenServableAndNotOlder() throws Exception {
        Path css = Files.writeString(root.resolve("site.css"), "body{}");
        Files.setLastModifiedTime(css, FileTime.fromMillis(1_000_000_000_000L));
        Resolved file = documentRoot.lookup(RequestPath.parse("/site.css"));

        Path gz = Files.writeString(root.resolve("site.css.gz"), "gz");
        Files.setLastModifiedTime(gz, FileTime.fromMillis(1_000_000_000_000L));
        assertEquals(
                root.toRealPath().resolve("site.css.gz"),
                documentRoot.sibling(file, ".gz").orElseThrow().path());

        Files.setLastModifiedTime(gz, FileTime.fromMillis(999_999_999_000L));
        assertTrue(documentRoot.sibling(file, ".gz").isEmpty(), "an older sibling is stale");

        Files.createSymbolicLink(root.resolve("site.css.br"), base.resolve("outside/secret.txt"));
        assertTrue(documentRoot.sibling(file, ".br").isEmpty(), "a sibling leading out of the root");
        assertTrue(documentRoot.sibling(file, ".zst").isEmpty(), "a sibling that does not exist");
    }

    @Test
    void rootThatIsAFileIsRejectedAtConstruction() throws IOException {
        Path file = Files.writeString(base.resolve("file-root"), "x", StandardCharsets.UTF_8);
        assertThrows(NotDirectoryException.class, () -> new DocumentRoot(file));
    }

    private void assertRefused(Refusal expected, String raw) {
        FileRefusal refusal = assertThrows(FileRefusal.class, () -> documentRoot.lookup(RequestPath.parse(raw)));
        assertEquals(expected, refusal.refusal(), raw);
    }
}
