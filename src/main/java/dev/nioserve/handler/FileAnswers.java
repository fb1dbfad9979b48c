package dev.nioserve.handler;

import dev.nioserve.files.ByteRange;
import dev.nioserve.files.ByteRanges;
import dev.nioserve.files.DocumentRoot;
import dev.nioserve.files.EntityTag;
import dev.nioserve.files.FileRefusal;
import dev.nioserve.files.HttpDate;
import dev.nioserve.files.MediaTypes;
import dev.nioserve.files.Preconditions;
import dev.nioserve.files.Resolved;
import dev.nioserve.http.Body;
import dev.nioserve.http.FileRegionBody;
import dev.nioserve.http.Headers;
import dev.nioserve.http.Request;
import dev.nioserve.http.Response;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The answer about one resolved file, in the order RFC 9110 applies its rules: preconditions
 * (412, 304), then Range (416, 206), else the whole file (200). Only GET is answered in part:
 * section 14.2 says a server must ignore Range on any other method, HEAD included.
 */
final class FileAnswers {
    /** Fixed at construction: opens the files it resolved. */
    private final DocumentRoot root;

    /** Source of "now" for the date rules; fixed in tests. */
    private final Clock clock;

    /** Makes multipart boundaries no file can predict; used on the loop thread only. */
    private final SecureRandom boundaries = new SecureRandom();

    FileAnswers(DocumentRoot root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /**
     * @throws FileRefusal when the file cannot be opened any more (the caller answers 403 or 404)
     */
    Response answer(Request request, Resolved file) throws FileRefusal {
        EntityTag etag = EntityTag.forFile(file.size(), file.modified(), "");
        Instant lastModified = lastModified(file);
        Instant now = clock.instant();
        Preconditions.Outcome outcome = Preconditions.evaluate(conditions(request), etag, lastModified, now);
        if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
            return Responses.error(412, "Precondition failed");
        }
        if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
            // RFC 9110 section 15.4.5: the fields a 200 would carry to update the cache, and no body.
            return validators(new Response(304), etag, lastModified);
        }
        ByteRanges.Result ranges = ByteRanges.Result.WHOLE;
        if (request.method().equals("GET")
                && Preconditions.rangeAllowed(joined(request.headers(), "If-Range"), etag, lastModified, now)) {
            ranges = ByteRanges.evaluate(
                    single(request, "Range"), file.size(), root.options().maxRanges());
        }
        return switch (ranges.verdict()) {
            case WHOLE -> whole(file, etag, lastModified);
            case PARTIAL -> partial(file, etag, lastModified, ranges.ranges());
            case UNSATISFIABLE ->
                Responses.error(416, "Range not satisfiable").header("Content-Range", "bytes */" + file.size());
        };
    }

    private Response whole(Resolved file, EntityTag etag, Instant lastModified) throws FileRefusal {
        FileChannel channel = root.open(file);
        return representation(new Response(200), etag, lastModified)
                .header("Content-Type", MediaTypes.of(file.path()).value())
                .body(new FileRegionBody(channel, 0, file.size()));
    }

    private Response partial(Resolved file, EntityTag etag, Instant lastModified, List<ByteRange> ranges)
            throws FileRefusal {
        String type = MediaTypes.of(file.path()).value();
        Response response = representation(new Response(206), etag, lastModified);
        FileChannel channel = root.open(file);
        if (ranges.size() == 1) {
            ByteRange range = ranges.get(0);
            return response.header("Content-Type", type)
                    .header("Content-Range", range.contentRange(file.size()))
                    .body(new FileRegionBody(channel, range.first(), range.length()));
        }
        String boundary = HexFormat.of().formatHex(randomBytes());
        return response.header("Content-Type", "multipart/byteranges; boundary=" + boundary)
                .body(multipart(channel, file.size(), type, boundary, ranges));
    }

    /**
     * RFC 9110 section 14.6: each part is a boundary line, its Content-Type and Content-Range,
     * a blank line and the bytes; a closing boundary ends the body. The parts share one channel,
     * read at absolute positions, so they never disturb each other.
     */
    private static Body multipart(
            FileChannel channel, long total, String type, String boundary, List<ByteRange> ranges) {
        List<Body> parts = new ArrayList<>(ranges.size() * 2 + 1);
        for (ByteRange range : ranges) {
            String head = (parts.isEmpty() ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + type
                    + "\r\nContent-Range: " + range.contentRange(total) + "\r\n\r\n";
            parts.add(Body.of(head.getBytes(StandardCharsets.US_ASCII)));
            parts.add(new FileRegionBody(channel, range.first(), range.length()));
        }
        parts.add(Body.of(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        return new PartsBody(parts);
    }

    /** The fields of a 200 or 206 about the file: its validators, and that ranges are welcome. */
    private Response representation(Response response, EntityTag etag, Instant lastModified) {
        return validators(response, etag, lastModified).header("Accept-Ranges", "bytes");
    }

    private Response validators(Response response, EntityTag etag, Instant lastModified) {
        Response validated =
                response.header("ETag", etag.toString()).header("Last-Modified", HttpDate.format(lastModified));
        return Responses.withPolicy(validated, root.options());
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
                joined(headers, "If-Modified-Since"),
                joined(headers, "If-Unmodified-Since"));
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

    private static Instant lastModified(Resolved file) {
        return file.modified().toInstant().truncatedTo(ChronoUnit.SECONDS);
    }
}
