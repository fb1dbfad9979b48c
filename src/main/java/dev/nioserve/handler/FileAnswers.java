package dev.nioserve.handler;

import dev.nioserve.files.ByteRange;
import dev.nioserve.files.ByteRanges;
import dev.nioserve.files.ContentCoding;
import dev.nioserve.files.DocumentRoot;
import dev.nioserve.files.EntityTag;
import dev.nioserve.files.FileRefusal;
import dev.nioserve.files.Preconditions;
import dev.nioserve.files.Representation;
import dev.nioserve.files.Representations;
import dev.nioserve.files.Resolved;
import dev.nioserve.http.Body;
import dev.nioserve.http.BytesBody;
import dev.nioserve.http.FileRegionBody;
import dev.nioserve.http.Headers;
import dev.nioserve.http.HttpDate;
import dev.nioserve.http.Request;
import dev.nioserve.http.Response;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The answer about one resolved file, in the order RFC 9110 applies its rules: preconditions
 * (412, 304), then Range (416, 206), else the whole file (200). GET and HEAD are answered in
 * part: RFC 9110 section 14.2 defines ranges for GET alone, but HEAD must give exactly the fields
 * GET would (issue #3), as nginx and Go do, so a client can ask what a ranged GET would bring.
 */
final class FileAnswers {
    /** Fixed at construction: opens the files it resolved. */
    private final DocumentRoot root;

    /** Fixed at construction: picks the coding and holds the caches. */
    private final Representations representations;

    /** Source of "now" for the date rules; fixed in tests. */
    private final Clock clock;

    /** Makes multipart boundaries no file can predict; used on the loop thread only. */
    private final SecureRandom boundaries = new SecureRandom();

    FileAnswers(DocumentRoot root, Representations representations, Clock clock) {
        this.root = root;
        this.representations = representations;
        this.clock = clock;
    }

    /**
     * @throws FileRefusal when the file cannot be opened any more (the caller answers 403 or 404)
     */
    Response answer(Request request, Resolved file) throws FileRefusal {
        boolean wantsRange = request.headers().contains("Range");
        Representation chosen = representations.select(file, joined(request.headers(), "Accept-Encoding"), wantsRange);
        Instant now = clock.instant();
        Preconditions.Outcome outcome =
                Preconditions.evaluate(conditions(request), chosen.etag(), chosen.lastModified(), now);
        if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
            return vary(Responses.error(412, "Precondition failed"), chosen);
        }
        if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
            // RFC 9110 section 15.4.5: the fields a 200 would carry to update the cache, and no body.
            return validators(new Response(304), chosen);
        }
        ByteRanges.Result ranges = ByteRanges.Result.WHOLE;
        if (wantsRange && rangeAllowed(request, chosen, now)) {
            ranges = ByteRanges.evaluate(
                    single(request, "Range"), chosen.length(), root.options().maxRanges());
        }
        return switch (ranges.verdict()) {
            case WHOLE ->
                representation(new Response(200), chosen)
                        .header("Content-Type", chosen.type().value())
                        .body(open(chosen).region(0, chosen.length()));
            case PARTIAL -> partial(chosen, ranges.ranges());
            case UNSATISFIABLE ->
                vary(Responses.error(416, "Range not satisfiable"), chosen)
                        .header("Content-Range", "bytes */" + chosen.length());
        };
    }

    private Response partial(Representation chosen, List<ByteRange> ranges) throws FileRefusal {
        Response response = representation(new Response(206), chosen);
        Source source = open(chosen);
        if (ranges.size() == 1) {
            ByteRange range = ranges.get(0);
            return response.header("Content-Type", chosen.type().value())
                    .header("Content-Range", range.contentRange(chosen.length()))
                    .body(source.region(range.first(), range.length()));
        }
        String boundary = HexFormat.of().formatHex(randomBytes());
        return response.header("Content-Type", "multipart/byteranges; boundary=" + boundary)
                .body(multipart(source, chosen, boundary, ranges));
    }

    /**
     * RFC 9110 section 14.6: each part is a boundary line, its Content-Type and Content-Range,
     * a blank line and the bytes; a closing boundary ends the body. File parts share one channel,
     * read at absolute positions, so they never disturb each other.
     */
    private static Body multipart(Source source, Representation chosen, String boundary, List<ByteRange> ranges) {
        List<Body> parts = new ArrayList<>(ranges.size() * 2 + 1);
        for (ByteRange range : ranges) {
            String head = (parts.isEmpty() ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: "
                    + chosen.type().value() + "\r\nContent-Range: " + range.contentRange(chosen.length()) + "\r\n\r\n";
            parts.add(Body.of(head.getBytes(StandardCharsets.US_ASCII)));
            parts.add(source.region(range.first(), range.length()));
        }
        parts.add(Body.of(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        return new PartsBody(parts);
    }

    /** Where a representation's bytes come from for one response: memory, or one channel opened now. */
    @FunctionalInterface
    private interface Source {
        Body region(long offset, long length);
    }

    private Source open(Representation chosen) throws FileRefusal {
        byte[] content = representations.inMemory(chosen);
        if (content != null) {
            return (offset, length) -> new BytesBody(content, (int) offset, (int) length);
        }
        FileChannel channel = root.open(chosen.file());
        return (offset, length) -> new FileRegionBody(channel, offset, length);
    }

    /** The fields of a 200 or 206: validators, coding, and that ranges are welcome. */
    private Response representation(Response response, Representation chosen) {
        validators(response, chosen).header("Accept-Ranges", "bytes");
        if (chosen.coding() != ContentCoding.IDENTITY) {
            response.header("Content-Encoding", chosen.coding().token());
        }
        return response;
    }

    private Response validators(Response response, Representation chosen) {
        response.header("ETag", chosen.etag().toString())
                .header("Last-Modified", HttpDate.format(chosen.lastModified()));
        return vary(Responses.withPolicy(response, root.options()), chosen);
    }

    /** RFC 9110 section 12.5.5: every answer about a resource with encoded variants, identity included. */
    private static Response vary(Response response, Representation chosen) {
        return chosen.varies() ? response.header("Vary", "Accept-Encoding") : response;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[12];
        boundaries.nextBytes(bytes);
        return bytes;
    }

    private static Preconditions.Fields conditions(Request request) {
        Headers headers = request.headers();
        return new Preconditions.Fields(
                joined(headers, "If-Match"),
                joined(headers, "If-None-Match"),
                HttpDate.parse(single(request, "If-Modified-Since")),
                HttpDate.parse(single(request, "If-Unmodified-Since")));
    }

    /** No If-Range lets the Range stand; one sent twice is neither a tag nor a date, so it does not. */
    private static boolean rangeAllowed(Request request, Representation chosen, Instant now) {
        if (!request.headers().contains("If-Range")) {
            return true;
        }
        String ifRange = joined(request.headers(), "If-Range");
        return Preconditions.rangeAllowed(
                EntityTag.parse(ifRange), HttpDate.parse(ifRange), chosen.etag(), chosen.lastModified(), now);
    }

    /** Every line of a field as one value (RFC 9110 section 5.3), or null when absent. */
    private static String joined(Headers headers, String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** A field that may appear once; sent twice, it is as good as absent. */
    private static String single(Request request, String name) {
        return request.headers().count(name) == 1 ? request.headers().get(name) : null;
    }
}
