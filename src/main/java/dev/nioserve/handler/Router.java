package dev.nioserve.handler;

import dev.nioserve.files.DocumentRoot;
import dev.nioserve.files.FileOptions;
import dev.nioserve.files.FileRefusal;
import dev.nioserve.files.RequestPath;
import dev.nioserve.http.Request;
import dev.nioserve.http.RequestHandler;
import dev.nioserve.http.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one handler: GET and HEAD of /time or of a file under the document root.
 *
 * <p>HEAD returns exactly the response GET would, body included, so the header fields match to
 * the byte (RFC 9110 section 9.3.2); the exchange must send HEAD's head only and close the body
 * unsent. Methods this server knows but does not allow get 405 with Allow (RFC 9110 section
 * 15.5.6); any other method gets 501 (section 15.6.2).
 */
public final class Router implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** RFC 9110 section 9 methods and PATCH (RFC 5789): recognised, but not allowed on any resource here. */
    private static final Set<String> KNOWN_METHODS =
            Set.of("POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    static final String ALLOW = "GET, HEAD";

    /** Set once in the constructor; both are safe to call from the loop thread for the life of the server. */
    private final TimePage timePage;

    private final StaticFiles files;

    /**
     * @param root the document root; must be an existing directory
     * @throws IOException when the root cannot be resolved to a directory
     */
    public Router(Path root) throws IOException {
        this(root, FileOptions.DEFAULTS);
    }

    /**
     * @param root the document root; must be an existing directory
     * @param options how files are served; {@link FileOptions#DEFAULTS} changed by flags
     * @throws IOException when the root cannot be resolved to a directory
     */
    public Router(Path root, FileOptions options) throws IOException {
        this(root, options, Clock.systemDefaultZone());
    }

    Router(Path root, FileOptions options, Clock clock) throws IOException {
        this.timePage = new TimePage(clock);
        this.files = new StaticFiles(new DocumentRoot(root, options), clock);
    }

    @Override
    public Response handle(Request request) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return refuseMethod(method);
        }
        RequestPath path;
        try {
            path = RequestPath.parse(originPath(request));
        } catch (FileRefusal e) {
            log.debug("refused request path: {}", e.refusal());
            return Responses.refusal(e.refusal());
        }
        if (path.is("time")) {
            return timePage.render();
        }
        return files.serve(request, path);
    }

    private static Response refuseMethod(String method) {
        if (KNOWN_METHODS.contains(method)) {
            return Responses.error(405, "Method not allowed").header("Allow", ALLOW);
        }
        return Responses.error(501, "Not implemented");
    }

    /**
     * The path of the target: {@link Request#path()} already reduces an absolute-form target to
     * its path (RFC 9112 section 3.2.2). Anything else, such as OPTIONS' "*", yields "" and is
     * refused by the path rules.
     */
    private static String originPath(Request request) {
        String path = request.path();
        return path.startsWith("/") ? path : "";
    }
}
