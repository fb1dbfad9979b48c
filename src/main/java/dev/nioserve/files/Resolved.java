package dev.nioserve.files;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * What a request path names inside the root, checked and ready to serve.
 *
 * @param kind what to do with it
 * @param path the real path (no symbolic links left), inside the root
 * @param size the file's size in bytes when stat'ed; 0 for directories
 * @param modified the file's modification time when stat'ed; null for directories
 */
public record Resolved(Kind kind, Path path, long size, FileTime modified) {

    /** What a path turned out to name. */
    public enum Kind {
        /** A readable regular file (a directory's index.html ends up here too). */
        FILE,
        /** A directory named without its trailing slash: redirect so relative links work. */
        DIRECTORY_WITHOUT_SLASH,
        /** A directory with no index.html, and listings are allowed. */
        LISTING
    }
}
