package dev.nioserve.handler;

import dev.nioserve.files.DocumentRoot;
import dev.nioserve.files.FileRefusal;
import dev.nioserve.files.HttpDate;
import dev.nioserve.files.MediaTypes;
import dev.nioserve.files.RequestPath;
import dev.nioserve.files.Resolved;
import dev.nioserve.http.FileRegionBody;
import dev.nioserve.http.Request;
import dev.nioserve.http.Response;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request for a file under the document root. The file is opened here, on the loop
 * thread, and handed to the exchange as a {@link FileRegionBody} that reads it as the socket
 * drains and closes it when done: a file is never read into memory whole.
 */
final class StaticFiles {
    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

    /** Fixed at construction: the only way from a request path to a file. */
    private final DocumentRoot root;

    StaticFiles(Path root) throws IOException {
        this.root = new DocumentRoot(root);
    }

    Response serve(Request request, RequestPath path) {
        Resolved target;
        try {
            target = root.lookup(path);
        } catch (FileRefusal e) {
            log.debug("not serving a file: {}", e.refusal());
            return Responses.refusal(e.refusal());
        }
        if (target.kind() == Resolved.Kind.DIRECTORY_WITHOUT_SLASH) {
            return redirectToDirectory(path, request.query());
        }
        return file(target);
    }

    private Response file(Resolved target) {
        FileChannel channel;
        try {
            channel = root.open(target);
        } catch (FileRefusal e) {
            log.debug("file vanished or changed after lookup: {}", e.refusal());
            return Responses.refusal(e.refusal());
        }
        return new Response(200)
                .header("Content-Type", MediaTypes.of(target.path()).value())
                .header(
                        "Last-Modified",
                        HttpDate.format(target.modified().toInstant().truncatedTo(ChronoUnit.SECONDS)))
                .header("X-Content-Type-Options", "nosniff")
                .body(new FileRegionBody(channel, 0, target.size()));
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
