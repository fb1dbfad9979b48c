package dev.nioserve.handler;

import dev.nioserve.files.FileOptions;
import dev.nioserve.files.Refusal;
import dev.nioserve.http.Response;

/** The small fixed answers for refused requests. Bodies are fixed phrases: nothing the client sent is echoed. */
final class Responses {
    private Responses() {}

    static Response refusal(Refusal refusal) {
        return error(refusal.status(), refusal.phrase());
    }

    static Response error(int status, String phrase) {
        return Response.text(status, phrase + "\n").header("X-Content-Type-Options", "nosniff");
    }

    /** The configured caching rule, and no type sniffing: the type we send is the type (issue #3). */
    static Response withPolicy(Response response, FileOptions options) {
        return response.header("Cache-Control", options.cacheControl()).header("X-Content-Type-Options", "nosniff");
    }
}
