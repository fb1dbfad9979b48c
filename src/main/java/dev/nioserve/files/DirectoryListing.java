package dev.nioserve.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An HTML page listing one directory, for {@link FileOptions#directoryListing()}. Entries obey
 * the same rules as requests: hidden names and links leading out of the root are left out, and
 * so is anything that is neither a file nor a directory. Names are escaped for HTML and encoded
 * for links, so a file called {@code <script>} is shown, never run.
 */
public final class DirectoryListing {
    /** A directory is read on the loop thread, so a huge one is cut here and says so. */
    static final int MAX_ENTRIES = 10_000;

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Comparator<Entry> ORDER =
            Comparator.comparing((Entry entry) -> !entry.directory()).thenComparing(Entry::name);

    private DirectoryListing() {}

    /** One line of the listing. */
    record Entry(String name, boolean directory, long size, Instant modified) {}

    /** The page for a directory {@link DocumentRoot#lookup} resolved as {@link Resolved.Kind#LISTING}. */
    public static byte[] render(DocumentRoot root, Resolved directory, RequestPath path) throws FileRefusal {
        List<Entry> entries = new ArrayList<>();
        boolean truncated = read(root, directory.path(), entries);
        entries.sort(ORDER);
        return page(path, entries, truncated).getBytes(StandardCharsets.UTF_8);
    }

    /** Fills {@code entries}; returns true when the directory held more than {@link #MAX_ENTRIES}. */
    private static boolean read(DocumentRoot root, Path dir, List<Entry> entries) throws FileRefusal {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                if (entries.size() == MAX_ENTRIES) {
                    return true;
                }
                String name = child.getFileName().toString();
                if (!root.isHidden(name)) {
                    addEntry(root, child, name, entries);
                }
            }
        } catch (IOException e) {
            throw new FileRefusal(Refusal.NOT_FOUND);
        }
        return false;
    }

    private static void addEntry(DocumentRoot root, Path child, String name, List<Entry> entries) {
        // Hidden, gone, or leading out of the root: not listed, exactly as it would not be served.
        root.listable(child)
                .ifPresent(attributes -> entries.add(new Entry(
                        name,
                        attributes.isDirectory(),
                        attributes.size(),
                        attributes.lastModifiedTime().toInstant())));
    }

    private static String page(RequestPath path, List<Entry> entries, boolean truncated) {
        String title = "Index of " + escape(displayPath(path));
        StringBuilder html = new StringBuilder(256 + entries.size() * 160);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(title)
                .append("</title>\n<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem}")
                .append("td{padding:.15rem 1.5rem .15rem 0}td.size{text-align:right}</style>\n")
                .append("</head>\n<body>\n<h1>")
                .append(title)
                .append("</h1>\n<table>\n<tr><th>Name</th><th>Size</th><th>Modified</th></tr>\n");
        if (!path.segments().isEmpty()) {
            html.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
        }
        for (Entry entry : entries) {
            row(html, entry);
        }
        html.append("</table>\n");
        if (truncated) {
            html.append("<p>Only the first ").append(MAX_ENTRIES).append(" entries are shown.</p>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void row(StringBuilder html, Entry entry) {
        String shown = entry.name() + (entry.directory() ? "/" : "");
        StringBuilder href = new StringBuilder("./");
        // "./" first: a name like "a:b" would otherwise read as a URI with scheme "a".
        UriEncoding.appendSegment(href, entry.name());
        if (entry.directory()) {
            href.append('/');
        }
        html.append("<tr><td><a href=\"")
                .append(escape(href.toString()))
                .append("\">")
                .append(escape(shown))
                .append("</a></td><td class=\"size\">")
                .append(entry.directory() ? "-" : Long.toString(entry.size()))
                .append("</td><td>")
                .append(WHEN.format(entry.modified()))
                .append("</td></tr>\n");
    }

    private static String displayPath(RequestPath path) {
        return path.segments().isEmpty() ? "/" : "/" + String.join("/", path.segments()) + "/";
    }

    /** Text for HTML element content and double- or single-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
