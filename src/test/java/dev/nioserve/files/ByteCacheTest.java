package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;

class ByteCacheTest {
    private static final FileTime TIME = FileTime.fromMillis(1_000_000);

    @Test
    void entryHoldsOnlyForTheSameSizeAndTime() {
        ByteCache cache = new ByteCache(100);
        cache.put(file("a", 3, TIME), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, cache.get(file("a", 3, TIME)));
        assertNull(cache.get(file("a", 3, FileTime.fromMillis(1_000_001))));
        assertEquals(0, cache.usedBytes(), "a stale entry is dropped when seen");
        cache.put(file("a", 3, TIME), new byte[] {1, 2, 3});
        assertNull(cache.get(file("a", 4, TIME)));
        assertEquals(0, cache.count());
    }

    @Test
    void leastRecentlyUsedEntriesMakeRoom() {
        ByteCache cache = new ByteCache(10);
        cache.put(file("a", 4, TIME), new byte[4]);
        cache.put(file("b", 4, TIME), new byte[4]);
        cache.get(file("a", 4, TIME));
        cache.put(file("c", 4, TIME), new byte[4]);
        assertNull(cache.get(file("b", 4, TIME)));
        assertEquals(4, cache.get(file("a", 4, TIME)).length);
        assertEquals(4, cache.get(file("c", 4, TIME)).length);
        assertEquals(8, cache.usedBytes());
    }

    @Test
    void nothingLargerThanTheCapacityIsKeptAndReplacingCountsOnce() {
        ByteCache cache = new ByteCache(10);
        cache.put(file("big", 11, TIME), new byte[11]);
        assertEquals(0, cache.count());
        cache.put(file("a", 4, TIME), new byte[4]);
        cache.put(file("a", 4, TIME), new byte[4]);
        assertEquals(4, cache.usedBytes());
    }

    private static Resolved file(String name, long size, FileTime modified) {
        return new Resolved(Resolved.Kind.FILE, Path.of("/srv", name), size, modified);
    }
}
