package dev.nioserve.files;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bytes made from files (their content, or their gzip), bounded in total size, least recently
 * used first out. An entry holds only while its file keeps the size and modification time it
 * had when the bytes were made; any change drops it at the next look.
 *
 * <p>Only the loop thread serves files, but the lock is kept so a stray caller cannot corrupt
 * the map: uncontended, it costs next to nothing.
 */
public final class ByteCache {
    /** The most bytes all entries may hold together; fixed. */
    private final long capacity;

    /** Real path to entry, in access order; guarded by {@code this}. */
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** Sum of the lengths of the entries' bytes, never above capacity; guarded by {@code this}. */
    private long used;

    private record Entry(long size, FileTime modified, byte[] bytes) {}

    public ByteCache(long capacity) {
        this.capacity = capacity;
    }

    /** The bytes made from this very version of the file, or null. */
    public synchronized byte[] get(Resolved file) {
        Entry entry = entries.get(file.path());
        if (entry == null) {
            return null;
        }
        if (entry.size() != file.size() || !entry.modified().equals(file.modified())) {
            entries.remove(file.path());
            used -= entry.bytes().length;
            return null;
        }
        return entry.bytes();
    }

    /** Keeps bytes made from this version of the file, evicting the least recently used to make room. */
    public synchronized void put(Resolved file, byte[] bytes) {
        if (bytes.length > capacity) {
            return;
        }
        Entry old = entries.remove(file.path());
        if (old != null) {
            used -= old.bytes().length;
        }
        Iterator<Map.Entry<Path, Entry>> eldest = entries.entrySet().iterator();
        while (used + bytes.length > capacity && eldest.hasNext()) {
            used -= eldest.next().getValue().bytes().length;
            eldest.remove();
        }
        entries.put(file.path(), new Entry(file.size(), file.modified(), bytes));
        used += bytes.length;
    }

    public synchronized long usedBytes() {
        return used;
    }

    public synchronized int count() {
        return entries.size();
    }
}
