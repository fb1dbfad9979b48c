package dev.nioserve.handler;

import dev.nioserve.files.DirectoryListing;
import dev.nioserve.files.DocumentRoot;
import dev.nioserve.files.FileOptions;
import dev.nioserve.files.FileRefusal;
import dev.nioserve.files.MediaTypes;
import dev.nioserve.files.Refusal;
import dev.nioserve.files.Representations;
import dev.nioserve.files.RequestPath;
import dev.nioserve.files.Resolved;
import dev.nioserve.http.Body;
import dev.nioserve.http.FileRegionBody;
import dev.nioserve.http.Request;
import dev.nioserve.http.Response;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request for a path under the document root: a file (see {@link FileAnswers}), a
 * redirect to a directory's slash, a listing, or a refusal. A file is opened here, on the loop
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

    /** Fixed at construction: holds the caches; the 404 page is read through it. */
    private final Representations representations;

    /** Fixed at construction: answers about one file. */
    private final FileAnswers answers;

    StaticFiles(DocumentRoot root, Clock clock) {
        this.root = root;
        this.options = root.options();
        this.representations = new Representations(root);
        this.answers = new FileAnswers(root, representations, clock);
    }

    Response serve(Request request, RequestPath path) {
        try {
            Resolved target = root.lookup(path);
            return switch (target.kind()) {
                case FILE -> answers.answer(request, target);
                case DIRECTORY_WITHOUT_SLASH -> redirectToDirectory(path, request.query());
                case LISTING -> listing(target, path);
            };
        } catch (FileRefusal e) {
            return refused(e.refusal());
        }
    }

    private Response listing(Resolved directory, RequestPath path) throws FileRefusal {
        byte[] page = DirectoryListing.render(root, directory, path);
        return Responses.withPolicy(new Response(200), options)
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
                return Responses.withPolicy(new Response(404), options)
                        .header("Content-Type", MediaTypes.of(page.path()).value())
                        .body(Body.of(representations.smallFile(page)));
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
