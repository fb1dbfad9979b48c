package dev.nioserve.it;

import dev.nioserve.support.TlsTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Requests written byte for byte over real TLS, and the responses read back and framed the way a
 * client must frame them: a HEAD answer and a 304 have no body whatever their Content-Length says
 * (RFC 9110 sections 9.3.2 and 15.4.5). So a server that sends a body after a HEAD makes the next
 * response unreadable, and the test that pipelined it fails.
 */
final class RawHttp {
    private RawHttp() {}

    /** One request: a method, a target sent exactly as given, and "Name: value" header lines. Host is added. */
    record Request(String method, String target, List<String> fields) {
        static Request get(String target, String... fields) {
            return new Request("GET", target, List.of(fields));
        }

        Request as(String otherMethod) {
            return new Request(otherMethod, target, fields);
        }

        /** The same request without the named fields. */
        Request without(String... names) {
            List<String> kept = new ArrayList<>();
            for (String field : fields) {
                if (!List.of(names).contains(nameOf(field))) {
                    kept.add(field);
                }
            }
            return new Request(method, target, kept);
        }

        boolean has(String name) {
            return fields.stream().anyMatch(field -> nameOf(field).equals(name.toLowerCase(Locale.ROOT)));
        }

        String wire(boolean close) {
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
            fields.forEach(field -> head.append(field).append("\r\n"));
            return head.append(close ? "Connection: close\r\n\r\n" : "\r\n").toString();
        }

        private static String nameOf(String field) {
            return field.substring(0, field.indexOf(':')).trim().toLowerCase(Locale.ROOT);
        }
    }

    /** One response: its status, its header fields in order as "Name: value", and the body that followed. */
    record Reply(int status, List<String> fields, byte[] body) {
        /** The first value of a field, or null. */
        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String field : fields) {
                int colon = field.indexOf(':');
                if (field.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(field.substring(colon + 1).trim());
                }
            }
            return values;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /**
         * Status and fields a HEAD must repeat from GET: all but Date, which moves with the clock,
         * and Connection, which answers the client's own Connection field, not the resource.
         */
        List<String> mirrored() {
            List<String> lines = new ArrayList<>();
            lines.add("status " + status);
            fields.stream()
                    .filter(field -> !field.toLowerCase(Locale.ROOT).startsWith("date:"))
                    .filter(field -> !field.toLowerCase(Locale.ROOT).startsWith("connection:"))
                    // a multipart boundary is fresh for every answer, by design
                    .map(field -> field.replaceAll("boundary=\\S+", "boundary=*"))
                    .forEach(lines::add);
            return lines;
        }
    }

    /** One GET on its own connection. */
    static Reply get(int port, String target, String... fields) throws IOException {
        return exchange(port, List.of(Request.get(target, fields))).get(0);
    }

    /**
     * Sends the requests pipelined on one connection, the last asking to close, and frames every
     * reply. A server may close after a request it refuses (a 400 with Connection: close); the
     * requests it left unanswered are then sent again on a new connection.
     */
    static List<Reply> exchange(int port, List<Request> requests) throws IOException {
        List<Reply> replies = new ArrayList<>();
        while (replies.size() < requests.size()) {
            List<Reply> answered = exchangeOnce(port, requests.subList(replies.size(), requests.size()));
            if (answered.isEmpty()) {
                throw new AssertionError("the server closed without answering " + requests.get(replies.size()));
            }
            replies.addAll(answered);
        }
        return replies;
    }

    private static List<Reply> exchangeOnce(int port, List<Request> requests) throws IOException {
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            wire.append(requests.get(i).wire(i == requests.size() - 1));
        }
        byte[] stream;
        try (TlsTestClient client = TlsTestClient.connect(port)) {
            client.send(wire.toString());
            stream = client.readToEnd().getBytes(StandardCharsets.ISO_8859_1);
        }
        List<Reply> replies = new ArrayList<>();
        int at = 0;
        for (Request request : requests) {
            if (at == stream.length && !replies.isEmpty() && closes(replies.get(replies.size() - 1))) {
                return replies;
            }
            Framed framed = frame(stream, at, request.method().equals("HEAD"));
            replies.add(framed.reply());
            at = framed.end();
        }
        if (at != stream.length) {
            throw new AssertionError((stream.length - at) + " bytes after the last response: "
                    + new String(stream, at, stream.length - at, StandardCharsets.ISO_8859_1));
        }
        return replies;
    }

    private static boolean closes(Reply reply) {
        return "close".equalsIgnoreCase(reply.header("Connection"));
    }

    private record Framed(Reply reply, int end) {}

    private static Framed frame(byte[] stream, int start, boolean head) {
        String text = new String(stream, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n", start);
        if (!text.startsWith("HTTP/1.1 ", start) || headEnd < 0) {
            throw new AssertionError("no response head at byte " + start + ": " + text.substring(start));
        }
        String[] lines = text.substring(start, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        List<String> fields = List.of(lines).subList(1, lines.length);
        Reply bodiless = new Reply(status, fields, new byte[0]);
        int bodyStart = headEnd + 4;
        if (head || status == 304 || status == 204) {
            return new Framed(bodiless, bodyStart);
        }
        String length = bodiless.header("Content-Length");
        int end = length == null ? stream.length : bodyStart + Integer.parseInt(length);
        if (end > stream.length) {
            throw new AssertionError(
                    "body cut short: Content-Length " + length + ", got " + (stream.length - bodyStart));
        }
        byte[] body = java.util.Arrays.copyOfRange(stream, bodyStart, end);
        return new Framed(new Reply(status, fields, body), end);
    }

    /** One part of a multipart/byteranges body. */
    record Part(String contentType, String contentRange, byte[] bytes) {}

    /**
     * The parts of a multipart/byteranges body, read strictly to RFC 9110 section 14.6 and RFC
     * 2046: each part opens with the boundary line, carries Content-Type and Content-Range, then
     * exactly the bytes the range names; the closing delimiter ends the body.
     */
    static List<Part> parts(Reply reply) {
        String type = reply.header("Content-Type");
        String prefix = "multipart/byteranges; boundary=";
        if (type == null || !type.startsWith(prefix)) {
            throw new AssertionError("not multipart/byteranges: " + type);
        }
        String delimiter = "--" + type.substring(prefix.length());
        String body = new String(reply.body(), StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = expect(body, 0, delimiter + "\r\n");
        while (true) {
            int headEnd = body.indexOf("\r\n\r\n", at);
            List<String> fields = List.of(body.substring(at, headEnd).split("\r\n"));
            Reply partHead = new Reply(0, fields, new byte[0]);
            String range = partHead.header("Content-Range");
            long[] span = span(range);
            int dataStart = headEnd + 4;
            int dataEnd = dataStart + (int) (span[1] - span[0] + 1);
            parts.add(new Part(
                    partHead.header("Content-Type"),
                    range,
                    java.util.Arrays.copyOfRange(reply.body(), dataStart, dataEnd)));
            at = expect(body, dataEnd, "\r\n" + delimiter);
            if (body.startsWith("--\r\n", at)) {
                expect(body, at, "--\r\n");
                if (at + 4 != body.length()) {
                    throw new AssertionError("bytes after the closing delimiter");
                }
                return parts;
            }
            at = expect(body, at, "\r\n");
        }
    }

    /** First and last byte of a Content-Range "bytes a-b/len". */
    static long[] span(String contentRange) {
        String[] pieces = contentRange
                .substring("bytes ".length(), contentRange.indexOf('/'))
                .split("-");
        return new long[] {Long.parseLong(pieces[0]), Long.parseLong(pieces[1])};
    }

    private static int expect(String body, int at, String text) {
        if (!body.startsWith(text, at)) {
            throw new AssertionError("expected " + text.replace("\r\n", "\\r\\n") + " at " + at);
        }
        return at + text.length();
    }
}
