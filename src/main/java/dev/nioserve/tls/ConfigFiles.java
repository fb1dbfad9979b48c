package dev.nioserve.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the small files TLS is configured from, turning every failure into one line for the user. */
final class ConfigFiles {
    /** Certificates, keys and keystores are a few kilobytes; a larger file is surely the wrong one. */
    static final long MAX_SIZE = 1 << 20;

    private ConfigFiles() {}

    static byte[] read(Path file) throws TlsConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw new TlsConfigException("cannot read " + file + ": is a directory");
            }
            if (Files.size(file) > MAX_SIZE) {
                throw new TlsConfigException(file + " is larger than 1 MiB: not a certificate, key or keystore");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw TlsConfigException.cannotRead(file, e);
        }
    }
}
