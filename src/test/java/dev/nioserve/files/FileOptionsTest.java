package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileOptionsTest {

    @Test
    void defaultsAreTheSafeOnes() {
        FileOptions options = FileOptions.DEFAULTS;
        assertFalse(options.directoryListing());
        assertFalse(options.dotfiles());
        assertFalse(options.symlinksOutOfRoot());
        assertTrue(options.compression());
        assertEquals("no-cache", options.cacheControl());
        assertEquals(16, options.maxRanges());
    }

    @Test
    void builderChangesOnlyWhatItIsTold() {
        FileOptions options = FileOptions.builder()
                .directoryListing(true)
                .cacheControl("max-age=60")
                .smallFileCache(1024, 0)
                .build();
        assertTrue(options.directoryListing());
        assertEquals("max-age=60", options.cacheControl());
        assertEquals(0, options.smallFileCacheBytes());
        assertEquals(FileOptions.DEFAULTS.gzipCacheBytes(), options.gzipCacheBytes());
        assertEquals(options, options.toBuilder().build());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "  ", "no-cache\r\nSet-Cookie: a=b", "no-cache\n", "caf\u00e9", "a\u0000b"})
    void cacheControlThatCouldBreakTheHeadIsRejected(String value) {
        assertThrows(
                IllegalArgumentException.class,
                () -> FileOptions.builder().cacheControl(value).build());
    }

    @Test
    void limitsMustBeSane() {
        assertThrows(
                IllegalArgumentException.class,
                () -> FileOptions.builder().maxRanges(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> FileOptions.builder().smallFileCache(-1, 0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> FileOptions.builder().gzipCache(0, -1).build());
    }
}
