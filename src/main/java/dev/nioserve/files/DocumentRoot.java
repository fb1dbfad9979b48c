package dev.nioserve.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The directory the server publishes, and the one place a request path becomes a file.
 *
 * <p>A name is joined to the root one decoded segment at a time (no segment can be "..", "/" or
 * empty, see {@link RequestPath}), then the result's real path is taken and must still lie
 * under the root's real path: that is what stops a symbolic link leading out (unless {@link
 * FileOptions#symlinksOutOfRoot()}). Names starting with '.' are hidden, both as asked and as
 * the real path runs inside the root (unless {@link FileOptions#dotfiles()}). Only regular
 * files are served; FIFOs, devices and sockets are reported missing, because opening a FIFO
 * would block the loop thread.
 *
 * <p>Stat and open are separate system calls, so a local user who can write inside the root
 * can still swap a checked file for a link between them; {@link #open} opens the real path
 * without following links, which closes the gap for the last name only: a known limit for
 * roots that untrusted local users can write to (remote clients cannot make links).
 */
public final class DocumentRoot {
    private static final String INDEX = "index.html";

    /** The root's real path, taken once at construction; every served path starts with it unless links may leave. */
    private final Path realRoot;

    /** Fixed at construction. */
    private final FileOptions options;

    /**
     * Sibling names found missing, with their directory's mtime then; bounded, cleared when full.
     * Only the loop thread reads and writes it.
     */
    private final Map<Path, FileTime> missingSiblings = new HashMap<>();

    private static final int MAX_MISSING_SIBLINGS = 10_000;
    /** How old a directory's mtime must be before "no such sibling" is remembered against it. */
    private static final long SETTLED_MILLIS = 1000;

    /** @throws IOException when the root does not exist or is not a directory */
    public DocumentRoot(Path root, FileOptions options) throws IOException {
        this.realRoot = root.toRealPath();
        this.options = options;
        if (!Files.isDirectory(realRoot)) {
            throw new NotDirectoryException(root.toString());
        }
    }

    public DocumentRoot(Path root) throws IOException {
        this(root, FileOptions.DEFAULTS);
    }

    public Path realRoot() {
        return realRoot;
    }

    public FileOptions options() {
        return options;
    }

    /**
     * What the path names: a file to serve (a directory's index.html included), a directory that
     * needs its slash, or a directory to list.
     *
     * @throws FileRefusal NOT_FOUND for anything missing, hidden, outside the root or not a
     *     regular file; FORBIDDEN for a file the server may not read
     */
    public Resolved lookup(RequestPath path) throws FileRefusal {
        Path candidate = realRoot;
        try {
            for (String name : path.segments()) {
                refuseHidden(name);
                candidate = candidate.resolve(name);
            }
        } catch (InvalidPathException e) {
            throw new FileRefusal(Refusal.BAD_PATH);
        }
        Path real = realPathInside(candidate);
        BasicFileAttributes attributes = attributes(real);
        if (attributes.isDirectory()) {
            return directory(path, real);
        }
        return regularFile(real, attributes, path.endsWithSlash());
    }

    /**
     * The file beside {@code file} whose name adds {@code suffix} ("a.css" and ".gz" give
     * "a.css.gz"), when it passes every rule a requested file passes and is not older than
     * {@code file}: an older sibling is stale, left over from an earlier version.
     */
    public Optional<Resolved> sibling(Resolved file, String suffix) {
        Path candidate = file.path().resolveSibling(file.path().getFileName() + suffix);
        FileTime directoryTime = modifiedTime(candidate.getParent());
        if (directoryTime != null && directoryTime.equals(missingSiblings.get(candidate))) {
            return Optional.empty();
        }
        try {
            Path real = realPathInside(candidate);
            Resolved sibling = regularFile(real, attributes(real), false);
            if (sibling.modified().compareTo(file.modified()) < 0) {
                return Optional.empty();
            }
            return Optional.of(sibling);
        } catch (FileRefusal e) {
            rememberMissing(candidate, directoryTime);
            return Optional.empty();
        }
    }

    /**
     * Most files have no .br or .gz beside them, and finding that out costs a failed lookup with
     * an exception on every request. The answer holds while the directory's mtime does, since
     * creating or renaming an entry changes it; a sibling that exists is checked every time.
     */
    private void rememberMissing(Path candidate, FileTime directoryTime) {
        // File times come from a coarse clock: an entry made within the same few milliseconds
        // could leave the mtime as it was. Trusting only an mtime a second old rules that out.
        if (directoryTime == null || directoryTime.toMillis() > System.currentTimeMillis() - SETTLED_MILLIS) {
            return;
        }
        if (missingSiblings.size() >= MAX_MISSING_SIBLINGS) {
            missingSiblings.clear();
        }
        missingSiblings.put(candidate, directoryTime);
    }

    private static FileTime modifiedTime(Path directory) {
        try {
            return Files.getLastModifiedTime(directory);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The attributes of a directory entry when a request for it could succeed: a regular file or
     * a directory, not hidden, not leading out of the root. Empty otherwise.
     */
    Optional<BasicFileAttributes> listable(Path entry) {
        try {
            BasicFileAttributes attributes = attributes(realPathInside(entry));
            boolean servable = attributes.isDirectory() || attributes.isRegularFile();
            return servable ? Optional.of(attributes) : Optional.empty();
        } catch (FileRefusal e) {
            return Optional.empty();
        }
    }

    /**
     * Opens a file this root resolved, for reading. The real path is opened without following a
     * link, so a link swapped in after the check fails here instead of leading out of the root.
     * The caller owns the channel.
     *
     * @throws FileRefusal when the file went missing, became a link or became unreadable since it was resolved
     */
    public FileChannel open(Resolved file) throws FileRefusal {
        try {
            return FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // ELOOP from NOFOLLOW_LINKS arrives as a plain IOException, so every failure maps here.
            throw refusalFor(e);
        }
    }

    /**
     * The whole content of a resolved file, for the small ones kept in memory.
     *
     * @throws FileRefusal when it cannot be opened or no longer has the size it was resolved with
     */
    public byte[] readAll(Resolved file) throws FileRefusal {
        if (file.size() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too large to hold in memory");
        }
        ByteBuffer content = ByteBuffer.allocate((int) file.size());
        try (FileChannel channel = open(file)) {
            while (content.hasRemaining()) {
                if (channel.read(content) < 0) {
                    throw new FileRefusal(Refusal.NOT_FOUND);
                }
            }
        } catch (IOException e) {
            throw refusalFor(e);
        }
        return content.array();
    }

    /** True when a name under the root must not be served because it is hidden. */
    public boolean isHidden(String name) {
        return !options.dotfiles() && name.startsWith(".");
    }

    private void refuseHidden(String name) throws FileRefusal {
        if (isHidden(name)) {
            throw new FileRefusal(Refusal.NOT_FOUND);
        }
    }

    private Resolved directory(RequestPath path, Path real) throws FileRefusal {
        if (!path.endsWithSlash()) {
            return new Resolved(Resolved.Kind.DIRECTORY_WITHOUT_SLASH, real, 0, null);
        }
        Path index = real.resolve(INDEX);
        if (options.directoryListing() && !Files.exists(index, LinkOption.NOFOLLOW_LINKS)) {
            return new Resolved(Resolved.Kind.LISTING, real, 0, null);
        }
        Path realIndex = realPathInside(index);
        return regularFile(realIndex, attributes(realIndex), false);
    }

    private static Resolved regularFile(Path real, BasicFileAttributes attributes, boolean endsWithSlash)
            throws FileRefusal {
        // "/a.txt/" names a directory that is not there, as open(2) would say with ENOTDIR.
        if (!attributes.isRegularFile() || endsWithSlash) {
            throw new FileRefusal(Refusal.NOT_FOUND);
        }
        if (!Files.isReadable(real)) {
            throw new FileRefusal(Refusal.FORBIDDEN);
        }
        return new Resolved(Resolved.Kind.FILE, real, attributes.size(), attributes.lastModifiedTime());
    }

    /**
     * The candidate's real path. It is refused as missing when it does not exist, when a link
     * leads it out of the root (unless allowed), or when a link inside the root lands on a
     * hidden name.
     */
    private Path realPathInside(Path candidate) throws FileRefusal {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw refusalFor(e);
        }
        if (real.startsWith(realRoot)) {
            for (Path name : realRoot.relativize(real)) {
                refuseHidden(name.toString());
            }
        } else if (!options.symlinksOutOfRoot()) {
            throw new FileRefusal(Refusal.NOT_FOUND);
        }
        return real;
    }

    /** Attributes of a real path, which has no links left to follow. */
    private static BasicFileAttributes attributes(Path real) throws FileRefusal {
        try {
            return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw refusalFor(e);
        }
    }

    /**
     * AccessDenied is 403; anything else (missing, not a directory, a link loop, a name too long,
     * a link met with NOFOLLOW_LINKS) means nothing is served there.
     */
    private static FileRefusal refusalFor(IOException e) {
        return new FileRefusal(e instanceof AccessDeniedException ? Refusal.FORBIDDEN : Refusal.NOT_FOUND);
    }
}
