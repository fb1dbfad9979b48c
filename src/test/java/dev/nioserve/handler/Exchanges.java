package dev.nioserve.handler;

import dev.nioserve.http.Body;
import dev.nioserve.http.BodyFraming;
import dev.nioserve.http.Headers;
import dev.nioserve.http.HttpVersion;
import dev.nioserve.http.Request;
import dev.nioserve.http.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds requests and drains responses for handler tests, the way the exchange would. */
final class Exchanges {
    private Exchanges() {}

    /** A request with header fields given as name, value, name, value... */
    static Request request(String method, String target, String... fields) {
        Headers headers = new Headers();
        for (int i = 0; i < fields.length; i += 2) {
            headers.add(fields[i], fields[i + 1]);
        }
        return new Request(method, target, HttpVersion.HTTP_1_1, headers, BodyFraming.NONE, -1);
    }

    static Request get(String target, String... fields) {
        return request("GET", target, fields);
    }

    /** Every byte of the body, read through a small buffer so multi-read bodies are exercised; then closed. */
    static byte[] bodyBytes(Response response) {
        Body body = response.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(7);
        try (body) {
            long promised = body.length();
            while (body.read(chunk) >= 0) {
                chunk.flip();
                out.write(chunk.array(), 0, chunk.limit());
                chunk.clear();
            }
            if (out.size() != promised) {
                throw new AssertionError("body promised " + promised + " bytes and produced " + out.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String bodyText(Response response) {
        return new String(bodyBytes(response), StandardCharsets.UTF_8);
    }

    /** The header fields as "Name: value" lines in order, for comparing whole heads. */
    static List<String> headLines(Response response) {
        List<String> lines = new ArrayList<>();
        lines.add("status " + response.status());
        Headers headers = response.headers();
        for (int i = 0; i < headers.size(); i++) {
            lines.add(headers.name(i) + ": " + headers.value(i));
        }
        lines.add("length " + response.body().length());
        return lines;
    }

    static void close(Response response) {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
