package dev.nioserve.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes a response's status line and header section, adding the fields every response
 * carries: Date, Server, Content-Length and, when the connection will not be kept, Connection.
 * One instance per loop thread: it caches the Date value for the second it was made in.
 */
public final class ResponseHeads {
    private final String server;
    /** The Strict-Transport-Security value sent on every response, or null for none. */
    private final String hsts;

    private final Clock clock;

    /** The second {@link #date} was formatted for; only the loop thread reads and writes these two. */
    private long dateSecond = Long.MIN_VALUE;

    private String date;

    public ResponseHeads(String server, String hsts, Clock clock) {
        this.server = server;
        this.hsts = hsts;
        this.clock = clock;
    }

    /** Whether a response with this status has a body at all (RFC 9110 sections 6.4.1, 15.3.5, 15.4.5). */
    public static boolean hasBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    /**
     * @param request the request answered, or null when none could be parsed
     * @param keepAlive whether the connection stays open after this response
     */
    public byte[] encode(Response response, Request request, boolean keepAlive) {
        StringBuilder head = new StringBuilder(256);
        int status = response.status();
        head.append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(Status.reason(status))
                .append("\r\n");
        head.append("Date: ").append(date()).append("\r\n");
        head.append("Server: ").append(server).append("\r\n");
        if (hsts != null) {
            head.append("Strict-Transport-Security: ").append(hsts).append("\r\n");
        }
        Headers headers = response.headers();
        for (int i = 0; i < headers.size(); i++) {
            head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
        }
        if (hasBody(status)) {
            head.append("Content-Length: ").append(response.body().length()).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        } else if (request != null && request.version() == HttpVersion.HTTP_1_0) {
            head.append("Connection: keep-alive\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String date() {
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        if (second != dateSecond) {
            date = HttpDate.format(now);
            dateSecond = second;
        }
        return date;
    }
}
