package dev.nioserve.http;

import java.nio.charset.StandardCharsets;

/**
 * The answer to plain HTTP sent to the TLS port, in plain HTTP, so a person who typed http://
 * is sent to https:// or told why nothing works, instead of reading a TLS alert's bytes. The
 * request is parsed by the same strict parser as any other: the Location is built only from a
 * Host that passed its checks, and never from anything else the client sent.
 */
public final class PlainHttpAnswer {
    private static final String USE_HTTPS = "This port speaks HTTPS: use https:// instead.\n";

    private PlainHttpAnswer() {}

    /**
     * @param request the parsed request, or null when it was malformed
     * @param redirect whether GET and HEAD get a 301 (else every request gets a 400)
     * @return the whole response, to be written before the connection closes
     */
    public static byte[] answer(Request request, boolean redirect) {
        if (request != null
                && redirect
                && isGetOrHead(request)
                && request.headers().get("Host") != null) {
            String location = "https://" + request.headers().get("Host") + originForm(request);
            return response(
                    "301 Moved Permanently",
                    "Location: " + location + "\r\n",
                    request.method().equals("HEAD"));
        }
        return response(
                "400 Bad Request", "", request != null && request.method().equals("HEAD"));
    }

    private static boolean isGetOrHead(Request request) {
        return request.method().equals("GET") || request.method().equals("HEAD");
    }

    /** The target without scheme and authority, so an absolute-form request keeps only its own path and query. */
    private static String originForm(Request request) {
        String query = request.query();
        return request.path() + (query == null ? "" : "?" + query);
    }

    private static byte[] response(String status, String extra, boolean head) {
        String text = "HTTP/1.1 " + status + "\r\n"
                + extra
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + USE_HTTPS.length() + "\r\n"
                + "Connection: close\r\n\r\n"
                + (head ? "" : USE_HTTPS);
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
