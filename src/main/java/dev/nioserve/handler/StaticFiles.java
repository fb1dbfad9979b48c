package dev.nioserve.handler;

import dev.nioserve.files.DirectoryListing;
import dev.nioserve.files.DocumentRoot;
import dev.nioserve.files.EntityTag;
import dev.nioserve.files.FileOptions;
import dev.nioserve.files.FileRefusal;
import dev.nioserve.files.HttpDate;
import dev.nioserve.files.MediaTypes;
import dev.nioserve.files.Preconditions;
import dev.nioserve.files.Refusal;
import dev.nioserve.files.RequestPath;
import dev.nioserve.files.Resolved;
import dev.nioserve.http.Body;
import dev.nioserve.http.FileRegionBody;
import dev.nioserve.http.Headers;
import dev.nioserve.http.Request;
import dev.nioserve.http.Response;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request for a file under the document root. The file is opened here, on the loop
 * thread, and handed to the exchange as a {@link FileRegionBody} that reads it as the socket
 * drains and closes it when done: a file is never read into memory whole.
 */
final class StaticFiles {
    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

    /** A 404.html larger than this is not used: every miss would send it. */
    static final int MAX_ERROR_PAGE_BYTES = 64 * 1024;

    private static final RequestPath NOT_FOUND_PAGE = RequestPath.of("404.html");

    /** Fixed at construction: the only way from a request path to a file. */
    private final DocumentRoot root;

    /** Fixed at construction; the same as the root's. */
    private final FileOptions options;

    /** Source of "now" for validators; fixed in tests. */
    private final Clock clock;

    StaticFiles(DocumentRoot root, Clock clock) {
        this.root = root;
        this.options = root.options();
        this.clock = clock;
    }

    Response serve(Request request, RequestPath path) {
        Resolved target;
        try {
            target = root.lookup(path);
        } catch (FileRefusal e) {
            return refused(e.refusal());
        }
        return switch (target.kind()) {
            case FILE -> file(request, target);
            case DIRECTORY_WITHOUT_SLASH -> redirectToDirectory(path, request.query());
            case LISTING -> listing(target, path);
        };
    }

    private Response file(Request request, Resolved target) {
        EntityTag etag = EntityTag.forFile(target.size(), target.modified(), "");
        Preconditions.Outcome outcome =
                Preconditions.evaluate(conditions(request), etag, lastModified(target), clock.instant());
        if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
            return Responses.error(412, "Precondition failed");
        }
        if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
            // RFC 9110 section 15.4.5: the fields a 200 would carry to update the cache, and no body.
            return fileHeaders(new Response(304), target, etag);
        }
        FileChannel channel;
        try {
            channel = root.open(target);
        } catch (FileRefusal e) {
            return refused(e.refusal());
        }
        return fileHeaders(new Response(200), target, etag)
                .header("Content-Type", MediaTypes.of(target.path()).value())
                .body(new FileRegionBody(channel, 0, target.size()));
    }

    private static Preconditions.Fields conditions(Request request) {
        Headers headers = request.headers();
        return new Preconditions.Fields(
                joined(headers, "If-Match"),
                joined(headers, "If-None-Match"),
                joined(headers, "If-Modified-Since"),
                joined(headers, "If-Unmodified-Since"));
    }

    /** Every line of a field as one value (RFC 9110 section 5.3), or null when absent. */
    private static String joined(Headers headers, String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static Instant lastModified(Resolved file) {
        return file.modified().toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The validators and policy every 2xx or 304 about a file carries. */
    private Response fileHeaders(Response response, Resolved file, EntityTag etag) {
        return withPolicy(
                response.header("ETag", etag.toString()).header("Last-Modified", HttpDate.format(lastModified(file))));
    }

    /** The configured caching rule, and no type sniffing: the type we send is the type (issue #3). */
    private Response withPolicy(Response response) {
        return response.header("Cache-Control", options.cacheControl()).header("X-Content-Type-Options", "nosniff");
    }

    private Response listing(Resolved directory, RequestPath path) {
        byte[] page;
        try {
            page = DirectoryListing.render(root, directory, path);
        } catch (FileRefusal e) {
            return refused(e.refusal());
        }
        return withPolicy(new Response(200))
                .header("Content-Type", "text/html; charset=utf-8")
                .body(Body.of(page));
    }

    private Response refused(Refusal refusal) {
        log.debug("not serving a file: {}", refusal);
        return refusal == Refusal.NOT_FOUND ? notFound() : Responses.refusal(refusal);
    }

    /** The root's 404.html when it has a small one, else the fixed phrase. */
    private Response notFound() {
        try {
            Resolved page = root.lookup(NOT_FOUND_PAGE);
            if (page.kind() == Resolved.Kind.FILE && page.size() <= MAX_ERROR_PAGE_BYTES) {
                return withPolicy(new Response(404))
                        .header("Content-Type", MediaTypes.of(page.path()).value())
                        .body(Body.of(root.readAll(page)));
            }
        } catch (FileRefusal e) {
            log.debug("no usable 404 page: {}", e.refusal());
        }
        return Responses.refusal(Refusal.NOT_FOUND);
    }

    /**
     * A directory named without its slash moves to the name with one, so the relative links in
     * its index resolve inside it. The Location is rebuilt from the decoded segments, never
     * copied from the request, so it always starts with a single '/' and cannot name another host.
     */
    private static Response redirectToDirectory(RequestPath path, String query) {
        String location = path.toUri() + "/" + (isVisibleAscii(query) ? "?" + query : "");
        return Response.text(301, "Moved permanently\n").header("Location", location);
    }

    /** The parser admits only visible ASCII in a target; checked again so no byte can split the Location field. */
    private static boolean isVisibleAscii(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
