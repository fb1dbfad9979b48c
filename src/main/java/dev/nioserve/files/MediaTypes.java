package dev.nioserve.files;

import dev.nioserve.files.MediaType.Kind;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** File name extension to {@link MediaType}. Unknown extensions are application/octet-stream. */
public final class MediaTypes {
    public static final MediaType OCTET_STREAM = new MediaType("application/octet-stream", Kind.BINARY);

    /** Lower-case extension without the dot to its type; filled once in the static block and never changed. */
    private static final Map<String, MediaType> BY_EXTENSION = new HashMap<>();

    static {
        text("text/html", "html", "htm");
        text("text/css", "css");
        // RFC 9239 section 6: text/javascript is the one type for both scripts and modules.
        text("text/javascript", "js", "mjs");
        text("application/json", "json", "map");
        text("application/manifest+json", "webmanifest");
        text("image/svg+xml", "svg");
        text("text/plain", "txt", "text");
        text("application/xml", "xml");
        text("text/csv", "csv");
        text("text/markdown", "md");
        binary("image/x-icon", "ico");
        binary("image/bmp", "bmp");
        binary("application/wasm", "wasm");
        binary("font/ttf", "ttf");
        binary("font/otf", "otf");
        binary("audio/wav", "wav");
        compressed("image/png", "png");
        compressed("image/jpeg", "jpg", "jpeg");
        compressed("image/gif", "gif");
        compressed("image/webp", "webp");
        compressed("image/avif", "avif");
        compressed("font/woff", "woff");
        compressed("font/woff2", "woff2");
        compressed("application/pdf", "pdf");
        compressed("video/mp4", "mp4");
        compressed("video/webm", "webm");
        compressed("audio/mpeg", "mp3");
        compressed("audio/ogg", "ogg");
        compressed("application/zip", "zip");
        compressed("application/gzip", "gz");
    }

    private MediaTypes() {}

    /** The type for a file, from the extension of its name; the case of the extension does not matter. */
    public static MediaType of(Path file) {
        Path name = file.getFileName();
        return name == null ? OCTET_STREAM : ofName(name.toString());
    }

    public static MediaType ofName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return OCTET_STREAM;
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return BY_EXTENSION.getOrDefault(extension, OCTET_STREAM);
    }

    private static void text(String type, String... extensions) {
        register(new MediaType(type + "; charset=utf-8", Kind.TEXT), extensions);
    }

    private static void binary(String type, String... extensions) {
        register(new MediaType(type, Kind.BINARY), extensions);
    }

    private static void compressed(String type, String... extensions) {
        register(new MediaType(type, Kind.COMPRESSED), extensions);
    }

    private static void register(MediaType type, String... extensions) {
        for (String extension : extensions) {
            BY_EXTENSION.put(extension, type);
        }
    }
}
