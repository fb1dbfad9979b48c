package dev.nioserve.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Picks the representation of a file to send: its own bytes, a precompressed {@code .br} or
 * {@code .gz} sibling, or for text a gzip made on the fly and kept in a bounded cache. Hot
 * small files are answered from a second bounded cache (see {@link #inMemory}).
 *
 * <p>Never compressed: types that already are (images, fonts, media, archives), and answers to
 * a Range request, which are cut from the file's own bytes so offsets mean what the client
 * thinks. Text under {@link #MIN_GZIP_BYTES} is not worth gzipping; text over
 * {@link FileOptions#gzipMaxSourceBytes()} is not gzipped on the fly, since that runs on the
 * loop thread.
 */
public final class Representations {
    /** Smaller text gains too little from gzip to pay for its header and the work. */
    static final int MIN_GZIP_BYTES = 1024;

    /** Fixed at construction. */
    private final DocumentRoot root;

    /** Fixed at construction; the root's. */
    private final FileOptions options;

    /** Gzip made on the fly, per source file version; bounded by {@link FileOptions#gzipCacheBytes()}. */
    private final ByteCache gzipped;

    /** Hot small files, per version; bounded by {@link FileOptions#smallFileCacheBytes()}. */
    private final ByteCache smallFiles;

    public Representations(DocumentRoot root) {
        this.root = root;
        this.options = root.options();
        this.gzipped = new ByteCache(options.gzipCacheBytes());
        this.smallFiles = new ByteCache(options.smallFileCacheBytes());
    }

    /**
     * @param file a file {@link DocumentRoot#lookup} resolved
     * @param acceptEncoding the request's Accept-Encoding, lines joined; null when absent
     * @param identityOnly true for a request whose Range will be applied to the file's own bytes
     * @throws FileRefusal when a file to read for gzip can no longer be read
     */
    public Representation select(Resolved file, String acceptEncoding, boolean identityOnly) throws FileRefusal {
        MediaType type = MediaTypes.of(file.path());
        Map<ContentCoding, Resolved> siblings = siblings(file, type);
        boolean gzipOnTheFly = !siblings.containsKey(ContentCoding.GZIP) && mayGzipOnTheFly(file, type);
        Set<ContentCoding> offered = EnumSet.noneOf(ContentCoding.class);
        offered.addAll(siblings.keySet());
        if (gzipOnTheFly) {
            offered.add(ContentCoding.GZIP);
        }
        boolean varies = !offered.isEmpty();
        ContentCoding coding = identityOnly ? ContentCoding.IDENTITY : AcceptEncoding.choose(acceptEncoding, offered);
        if (coding == ContentCoding.IDENTITY) {
            return fromFile(file, type, coding, varies);
        }
        Resolved sibling = siblings.get(coding);
        return sibling != null ? fromFile(sibling, type, coding, varies) : gzipped(file, type);
    }

    /**
     * The representation's bytes when they are, or may be, held in memory: gzip made on the
     * fly, or a file no larger than {@link FileOptions#smallFileMaxBytes()}, read into the cache
     * on a miss. Null when the file is to be streamed. Asked for only when a body is sent, so a
     * 304 never reads the file.
     *
     * @throws FileRefusal when a small file can no longer be read
     */
    public byte[] inMemory(Representation chosen) throws FileRefusal {
        if (chosen.content() != null) {
            return chosen.content();
        }
        Resolved file = chosen.file();
        if (options.smallFileCacheBytes() == 0 || file.size() > options.smallFileMaxBytes()) {
            return null;
        }
        return smallFile(file);
    }

    /** A small file's bytes from the cache, or read now and kept for next time. */
    public byte[] smallFile(Resolved file) throws FileRefusal {
        byte[] bytes = smallFiles.get(file);
        if (bytes == null) {
            bytes = root.readAll(file);
            smallFiles.put(file, bytes);
        }
        return bytes;
    }

    private Map<ContentCoding, Resolved> siblings(Resolved file, MediaType type) {
        Map<ContentCoding, Resolved> siblings = new EnumMap<>(ContentCoding.class);
        if (options.compression() && !type.isCompressed()) {
            for (ContentCoding coding : EnumSet.of(ContentCoding.BR, ContentCoding.GZIP)) {
                root.sibling(file, coding.suffix()).ifPresent(sibling -> siblings.put(coding, sibling));
            }
        }
        return siblings;
    }

    private boolean mayGzipOnTheFly(Resolved file, MediaType type) {
        return options.compression()
                && type.isText()
                && options.gzipCacheBytes() > 0
                && file.size() >= MIN_GZIP_BYTES
                && file.size() <= options.gzipMaxSourceBytes();
    }

    private static Representation fromFile(Resolved file, MediaType type, ContentCoding coding, boolean varies) {
        String variant = coding == ContentCoding.IDENTITY ? "" : coding.token();
        return new Representation(
                file,
                type,
                coding,
                file.size(),
                EntityTag.forFile(file.size(), file.modified(), variant),
                file.modified().toInstant().truncatedTo(ChronoUnit.SECONDS),
                varies,
                null);
    }

    /** The file gzipped, from the cache or made now; its validators are the source's, marked gzip. */
    private Representation gzipped(Resolved file, MediaType type) throws FileRefusal {
        byte[] bytes = gzipped.get(file);
        if (bytes == null) {
            bytes = gzip(root.readAll(file));
            gzipped.put(file, bytes);
        }
        Representation source = fromFile(file, type, ContentCoding.GZIP, true);
        return new Representation(
                file, type, ContentCoding.GZIP, bytes.length, source.etag(), source.lastModified(), true, bytes);
    }

    /** Gzip with a zero timestamp in its header, so the same input always gives the same bytes and ETag. */
    static byte[] gzip(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(input);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
