package dev.nioserve.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The directory the server publishes, and the one place a request path becomes a file.
 *
 * <p>A name is joined to the root one decoded segment at a time (no segment can be "..", "/" or
 * empty, see {@link RequestPath}), then the result's real path is taken and must still lie
 * under the root's real path: that is what stops a symbolic link leading out. Only regular
 * files are served; FIFOs, devices and sockets are reported missing, because opening a FIFO
 * would block the loop thread.
 *
 * <p>Stat and open are separate system calls, so a local user who can write inside the root
 * can still swap a checked file for a link between them; {@link #open} opens the real path
 * without following links, which closes the gap for the last name only. TODO(#4): open
 * relative to a directory handle to close it for every name.
 */
public final class DocumentRoot {
    private static final String INDEX = "index.html";

    /** The root's real path, taken once at construction; every served path starts with it. */
    private final Path realRoot;

    /** @throws IOException when the root does not exist or is not a directory */
    public DocumentRoot(Path root) throws IOException {
        this.realRoot = root.toRealPath();
        if (!Files.isDirectory(realRoot)) {
            throw new NotDirectoryException(root.toString());
        }
    }

    public Path realRoot() {
        return realRoot;
    }

    /**
     * What the path names: a file to serve (a directory's index.html included) or a directory
     * that needs its slash.
     *
     * @throws FileRefusal NOT_FOUND for anything missing, outside the root or not a regular file;
     *     FORBIDDEN for a file the server may not read
     */
    public Resolved lookup(RequestPath path) throws FileRefusal {
        Path candidate = realRoot;
        try {
            for (String name : path.segments()) {
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

    private Resolved directory(RequestPath path, Path real) throws FileRefusal {
        if (!path.endsWithSlash()) {
            return new Resolved(Resolved.Kind.DIRECTORY_WITHOUT_SLASH, real, 0, null);
        }
        Path index = realPathInside(real.resolve(INDEX));
        return regularFile(index, attributes(index), false);
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

    /** The candidate's real path, refused as missing when it does not exist or a link leads it out of the root. */
    private Path realPathInside(Path candidate) throws FileRefusal {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw refusalFor(e);
        }
        if (!real.startsWith(realRoot)) {
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
     * AccessDenied is 403; anything else (missing, not a directory, a link loop, a name too long,
     * a link met with NOFOLLOW_LINKS) means nothing is served there.
     */
    private static FileRefusal refusalFor(IOException e) {
        return new FileRefusal(e instanceof AccessDeniedException ? Refusal.FORBIDDEN : Refusal.NOT_FOUND);
    }
}
