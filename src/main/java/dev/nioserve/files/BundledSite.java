package dev.nioserve.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small site inside the jar, served when no document root is given. A jar's directories
 * cannot be listed reliably, so the files are named in {@value #INDEX}, one relative path a
 * line; the index itself is not copied.
 */
public final class BundledSite {
    static final String RESOURCE_DIR = "/site/";
    static final String INDEX = ".index";

    private BundledSite() {}

    /**
     * Copies the bundled site into a fresh temporary directory and returns it. The copies are
     * deleted when the JVM exits normally.
     */
    public static Path extract() throws IOException {
        Path dir = Files.createTempDirectory("nioserve-site");
        dir.toFile().deleteOnExit();
        for (String name : names()) {
            Path target = dir.resolve(name).normalize();
            if (!target.startsWith(dir) || target.equals(dir)) {
                throw new IOException("bundled site index names a path outside the site: " + name);
            }
            Files.createDirectories(target.getParent());
            copy(name, target);
        }
        return dir;
    }

    /** The relative paths listed in the index, in its order. */
    public static List<String> names() throws IOException {
        String index = new String(read(INDEX), StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        for (String line : index.split("\n")) {
            String name = line.trim();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    private static void copy(String name, Path target) throws IOException {
        // deleteOnExit runs in reverse order of registration: files go before their directory.
        target.getParent().toFile().deleteOnExit();
        target.toFile().deleteOnExit();
        Files.write(target, read(name));
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = BundledSite.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IOException("bundled site resource missing: " + name);
            }
            return in.readAllBytes();
        }
    }
}
