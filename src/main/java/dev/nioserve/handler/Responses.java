package dev.nioserve.handler;

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
}
