package dev.nioserve.http;

/**
 * Turns one request into its response. Runs on the loop thread, so it must not block: it may
 * stat and open files, but reading a body is left to the exchange as the socket drains.
 */
@FunctionalInterface
public interface RequestHandler {
    Response handle(Request request);
}
