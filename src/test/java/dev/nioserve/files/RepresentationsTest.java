package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepresentationsTest {
    private static final FileTime OLD = FileTime.fromMillis(1_700_000_000_000L);
    private static final FileTime NEW = FileTime.fromMillis(1_700_000_100_000L);
    private static final String BIG_TEXT = "body { color: red; }\n".repeat(100);

    @TempDir
    Path root;

    private DocumentRoot documentRoot;
    private Representations representations;

    @BeforeEach
    void buildSite() throws IOException {
        write("small.css", "a{}", OLD);
        write("big.css", BIG_TEXT, OLD);
        write("app.js", BIG_TEXT, OLD);
        write("app.js.br", "brotli bytes", NEW);
        write("app.js.gz", "gzip bytes!", NEW);
        write("stale.js", BIG_TEXT, NEW);
        write("stale.js.gz", "old gzip", OLD);
        write("photo.png", "x".repeat(5000), OLD);
        write("photo.png.gz", "gz", NEW);
        write("data.bin", "y".repeat(5000), OLD);
        write("data.bin.gz", "gz", NEW);
        documentRoot = new DocumentRoot(root);
        representations = new Representations(documentRoot);
    }

    /** file | Accept-Encoding | coding sent | whether it varies */
    @ParameterizedTest(name = "[{index}] {0} with {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "small.css|gzip, br|IDENTITY|false",
                "big.css|gzip, br|GZIP|true",
                "big.css||IDENTITY|true",
                "big.css|br|IDENTITY|true",
                "app.js|gzip, br|BR|true",
                "app.js|gzip|GZIP|true",
                "app.js|identity|IDENTITY|true",
                "stale.js|gzip|GZIP|true",
                "photo.png|gzip|IDENTITY|false",
                "data.bin|gzip|GZIP|true",
                "data.bin|br|IDENTITY|true",
            })
    void codingFollowsSiblingsTypeAndAcceptEncoding(String name, String accept, ContentCoding coding, boolean varies)
            throws Exception {
        Representation chosen = representations.select(lookup(name), accept, false);
        assertEquals(coding, chosen.coding());
        assertEquals(varies, chosen.varies());
    }

    @Test
    void precompressedSiblingIsSentAsItIs() throws Exception {
        Representation chosen = representations.select(lookup("app.js"), "br", false);
        assertEquals(root.toRealPath().resolve("app.js.br"), chosen.file().path());
        assertEquals("brotli bytes".length(), chosen.length());
        assertNull(chosen.content());
        assertEquals(MediaTypes.ofName("app.js"), chosen.type());
        assertEquals(NEW.toInstant(), chosen.lastModified());
    }

    @Test
    void staleSiblingIsPassedOverForGzipOnTheFly() throws Exception {
        Representation chosen = representations.select(lookup("stale.js"), "gzip", false);
        assertEquals(root.toRealPath().resolve("stale.js"), chosen.file().path());
        assertEquals(BIG_TEXT, gunzip(chosen.content()));
    }

    @Test
    void gzipOnTheFlyIsMadeOnceAndKept() throws Exception {
        Representation first = representations.select(lookup("big.css"), "gzip", false);
        Representation second = representations.select(lookup("big.css"), "gzip", false);
        assertEquals(BIG_TEXT, gunzip(first.content()));
        assertSame(first.content(), second.content());
        assertEquals(first.content().length, first.length());
        assertTrue(first.length() < BIG_TEXT.length());
    }

    @Test
    void changedFileIsCompressedAgain() throws Exception {
        Representation first = representations.select(lookup("big.css"), "gzip", false);
        write("big.css", BIG_TEXT + "/* more */\n", NEW);
        Representation second = representations.select(lookup("big.css"), "gzip", false);
        assertEquals(BIG_TEXT + "/* more */\n", gunzip(second.content()));
        assertNotEquals(first.etag(), second.etag());
    }

    @Test
    void eachCodingHasItsOwnStrongEtag() throws Exception {
        EntityTag identity =
                representations.select(lookup("app.js"), null, false).etag();
        EntityTag brotli = representations.select(lookup("app.js"), "br", false).etag();
        EntityTag gzip = representations.select(lookup("app.js"), "gzip", false).etag();
        EntityTag onTheFly =
                representations.select(lookup("big.css"), "gzip", false).etag();
        EntityTag plain = representations.select(lookup("big.css"), null, false).etag();
        assertFalse(identity.weak() || brotli.weak() || gzip.weak() || onTheFly.weak());
        assertNotEquals(identity, brotli);
        assertNotEquals(identity, gzip);
        assertNotEquals(brotli, gzip);
        assertNotEquals(plain, onTheFly);
    }

    @Test
    void rangeRequestsGetTheFilesOwnBytes() throws Exception {
        Representation chosen = representations.select(lookup("app.js"), "br, gzip", true);
        assertEquals(ContentCoding.IDENTITY, chosen.coding());
        assertTrue(chosen.varies(), "the answer still depends on Accept-Encoding for other requests");
    }

    @Test
    void compressionOffSendsIdentityAndDoesNotVary() throws Exception {
        DocumentRoot plain =
                new DocumentRoot(root, FileOptions.builder().compression(false).build());
        Representations off = new Representations(plain);
        for (String name : new String[] {"app.js", "big.css"}) {
            Representation chosen = off.select(plain.lookup(RequestPath.of(name)), "gzip, br", false);
            assertEquals(ContentCoding.IDENTITY, chosen.coding());
            assertFalse(chosen.varies());
        }
    }

    @Test
    void textAboveTheOnTheFlyLimitIsNotCompressed() throws Exception {
        FileOptions options = FileOptions.builder().gzipCache(1500, 1 << 20).build();
        DocumentRoot limited = new DocumentRoot(root, options);
        Representation chosen =
                new Representations(limited).select(limited.lookup(RequestPath.of("big.css")), "gzip", false);
        assertEquals(ContentCoding.IDENTITY, chosen.coding());
    }

    @Test
    void smallFilesAreAnsweredFromMemoryUntilTheirSizeOrTimeChanges() throws Exception {
        Representation first = representations.select(lookup("small.css"), null, false);
        assertEquals("a{}", new String(representations.inMemory(first), StandardCharsets.UTF_8));
        write("small.css", "b{}", OLD);
        Representation same = representations.select(lookup("small.css"), null, false);
        assertEquals("a{}", new String(representations.inMemory(same), StandardCharsets.UTF_8), "same size and time");
        write("small.css", "b{}", NEW);
        Representation changed = representations.select(lookup("small.css"), null, false);
        assertEquals("b{}", new String(representations.inMemory(changed), StandardCharsets.UTF_8));
    }

    @Test
    void filesOverTheSmallLimitOrWithTheCacheOffAreStreamed() throws Exception {
        FileOptions options =
                FileOptions.builder().smallFileCache(1024, 1 << 20).build();
        DocumentRoot limited = new DocumentRoot(root, options);
        Representations streaming = new Representations(limited);
        assertNull(streaming.inMemory(streaming.select(limited.lookup(RequestPath.of("photo.png")), null, false)));
        DocumentRoot off = new DocumentRoot(
                root, FileOptions.builder().smallFileCache(1024, 0).build());
        Representations none = new Representations(off);
        assertNull(none.inMemory(none.select(off.lookup(RequestPath.of("small.css")), null, false)));
    }

    @Test
    void gzipIsTheSameBytesEveryTime() {
        byte[] input = BIG_TEXT.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(Representations.gzip(input), Representations.gzip(input));
    }

    private Resolved lookup(String name) throws FileRefusal {
        return documentRoot.lookup(RequestPath.of(name));
    }

    private void write(String name, String text, FileTime modified) throws IOException {
        Path file = Files.writeString(root.resolve(name), text);
        Files.setLastModifiedTime(file, modified);
    }

    static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
