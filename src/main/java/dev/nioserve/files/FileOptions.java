package dev.nioserve.files;

/**
 * How static files are served: one immutable record, built once at start from flags with
 * {@link #builder()}, which starts from {@link #DEFAULTS}.
 *
 * @param directoryListing list a directory that has no index.html, instead of 404
 * @param dotfiles serve names starting with '.' (and anything under a dot-directory); off, they are 404
 * @param symlinksOutOfRoot follow symbolic links whose target lies outside the root; off, such links are 404
 * @param compression send file.br / file.gz siblings and gzip text on the fly when the client accepts it
 * @param cacheControl the Cache-Control value on every file response
 * @param maxRanges byte ranges one request may ask for; a request asking for more gets the whole file
 * @param smallFileMaxBytes files up to this size may be answered from memory
 * @param smallFileCacheBytes the memory all small files held at once may take; 0 turns the cache off
 * @param gzipMaxSourceBytes the largest text file compressed on the fly (it is compressed on the loop thread)
 * @param gzipCacheBytes the memory all on-the-fly gzip results may take; 0 turns gzip on the fly off
 */
public record FileOptions(
        boolean directoryListing,
        boolean dotfiles,
        boolean symlinksOutOfRoot,
        boolean compression,
        String cacheControl,
        int maxRanges,
        int smallFileMaxBytes,
        long smallFileCacheBytes,
        int gzipMaxSourceBytes,
        long gzipCacheBytes) {

    public static final FileOptions DEFAULTS =
            new FileOptions(false, false, false, true, "no-cache", 16, 64 * 1024, 8L << 20, 1 << 20, 16L << 20);

    public FileOptions {
        if (cacheControl == null || !isFieldValue(cacheControl)) {
            throw new IllegalArgumentException("Cache-Control must be visible ASCII and spaces");
        }
        if (maxRanges < 1 || smallFileMaxBytes < 0 || smallFileCacheBytes < 0) {
            throw new IllegalArgumentException("file limits must not be negative, and at least one range allowed");
        }
        if (gzipMaxSourceBytes < 0 || gzipCacheBytes < 0) {
            throw new IllegalArgumentException("gzip limits must not be negative");
        }
    }

    /** A builder that starts from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects option values, from flags say, and checks them once in {@link #build()}. */
    public static final class Builder {
        private boolean directoryListing;
        private boolean dotfiles;
        private boolean symlinksOutOfRoot;
        private boolean compression;
        private String cacheControl;
        private int maxRanges;
        private int smallFileMaxBytes;
        private long smallFileCacheBytes;
        private int gzipMaxSourceBytes;
        private long gzipCacheBytes;

        private Builder(FileOptions from) {
            directoryListing = from.directoryListing;
            dotfiles = from.dotfiles;
            symlinksOutOfRoot = from.symlinksOutOfRoot;
            compression = from.compression;
            cacheControl = from.cacheControl;
            maxRanges = from.maxRanges;
            smallFileMaxBytes = from.smallFileMaxBytes;
            smallFileCacheBytes = from.smallFileCacheBytes;
            gzipMaxSourceBytes = from.gzipMaxSourceBytes;
            gzipCacheBytes = from.gzipCacheBytes;
        }

        public Builder directoryListing(boolean on) {
            directoryListing = on;
            return this;
        }

        public Builder dotfiles(boolean on) {
            dotfiles = on;
            return this;
        }

        public Builder symlinksOutOfRoot(boolean on) {
            symlinksOutOfRoot = on;
            return this;
        }

        public Builder compression(boolean on) {
            compression = on;
            return this;
        }

        public Builder cacheControl(String value) {
            cacheControl = value;
            return this;
        }

        public Builder maxRanges(int count) {
            maxRanges = count;
            return this;
        }

        /** Files up to {@code maxFileBytes} are kept in memory, {@code totalBytes} of them at most. */
        public Builder smallFileCache(int maxFileBytes, long totalBytes) {
            smallFileMaxBytes = maxFileBytes;
            smallFileCacheBytes = totalBytes;
            return this;
        }

        /** Text files up to {@code maxSourceBytes} are gzipped on the fly, {@code totalBytes} of results kept. */
        public Builder gzipCache(int maxSourceBytes, long totalBytes) {
            gzipMaxSourceBytes = maxSourceBytes;
            gzipCacheBytes = totalBytes;
            return this;
        }

        /** @throws IllegalArgumentException when a value breaks a rule of the record */
        public FileOptions build() {
            return new FileOptions(
                    directoryListing,
                    dotfiles,
                    symlinksOutOfRoot,
                    compression,
                    cacheControl,
                    maxRanges,
                    smallFileMaxBytes,
                    smallFileCacheBytes,
                    gzipMaxSourceBytes,
                    gzipCacheBytes);
        }
    }

    /** A configured value goes into a header field as is, so it must not be able to end the field. */
    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c >= 0x7f) {
                return false;
            }
        }
        return !value.isBlank();
    }
}
