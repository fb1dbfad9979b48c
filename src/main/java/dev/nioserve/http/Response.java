package dev.nioserve.http;

/**
 * What a handler answers: a status, header fields and a body. The exchange adds the fields
 * every response carries (Date, Server, Content-Length, Connection) when it writes the head.
 */
public final class Response {
    private final int status;
    private final Headers headers = new Headers();
    private Body body = Body.EMPTY;
    /** Set when the server must close the connection after this response. */
    private boolean close;

    public Response(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    public Response header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public Body body() {
        return body;
    }

    public Response body(Body body) {
        this.body = body;
        return this;
    }

    public boolean close() {
        return close;
    }

    public Response closeAfter() {
        this.close = true;
        return this;
    }

    /** A short text answer, used for errors and for the time page. */
    public static Response text(int status, String text) {
        return new Response(status)
                .header("Content-Type", "text/plain; charset=utf-8")
                .body(Body.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
