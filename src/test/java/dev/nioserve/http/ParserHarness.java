package dev.nioserve.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds one input to a fresh {@link RequestParser} whole, cut in two at every byte, and one byte at
 * a time, and checks the parser's contract on every call: NEED_MORE consumed every byte offered,
 * an error exists exactly after MALFORMED, and a complete request consumed exactly its own bytes.
 */
final class ParserHarness {
    /** Inputs longer than this are cut at a sample of indexes rather than at every one. */
    private static final int EVERY_CUT_MAX = 4096;
    /** How many cut points a long input gets. */
    private static final int SAMPLED_CUTS = 300;

    /** What one feeding produced. {@code consumed} counts bytes from the start of the input. */
    record Outcome(String way, ParseStatus status, Request request, HttpException error, int consumed) {}

    private ParserHarness() {}

    static byte[] bytes(String text) {
        return text.getBytes(ISO_8859_1);
    }

    /** Feeds {@code input} in pieces ending at {@code cuts} (ascending), then at its end. */
    static Outcome feed(HttpLimits limits, String way, ByteBuffer input, int... cuts) {
        RequestParser parser = new RequestParser(limits);
        int start = input.position();
        int end = input.limit();
        boolean inBody = false;
        for (int p = 0; p <= cuts.length; p++) {
            input.limit(p < cuts.length ? start + cuts[p] : end);
            while (true) {
                ParseStatus status = inBody ? parser.skipBody(input) : parser.parseHead(input);
                if (status == ParseStatus.NEED_MORE) {
                    assertEquals(input.limit(), input.position(), way + ": NEED_MORE left bytes unconsumed");
                    assertNull(parser.error(), way);
                    break;
                }
                if (status == ParseStatus.MALFORMED) {
                    assertNotNull(parser.error(), way + ": MALFORMED without an error");
                    return new Outcome(way, status, null, parser.error(), input.position() - start);
                }
                if (!inBody && parser.request().hasBody()) {
                    inBody = true;
                    continue;
                }
                return new Outcome(way, status, parser.request(), null, input.position() - start);
            }
        }
        return new Outcome(way, ParseStatus.NEED_MORE, null, null, input.position() - start);
    }

    /** Every way of feeding: whole from an offset slice, cut in two everywhere, byte by byte from a direct buffer. */
    static List<Outcome> everyWay(HttpLimits limits, byte[] input) {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(feed(limits, "whole", offsetSlice(input)));
        int step = input.length <= EVERY_CUT_MAX ? 1 : Math.max(1, input.length / SAMPLED_CUTS);
        for (int cut = 1; cut < input.length; cut += step) {
            outcomes.add(feed(limits, "cut at " + cut, ByteBuffer.wrap(input), cut));
        }
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        outcomes.add(feed(limits, "byte by byte", direct, everyByte));
        return outcomes;
    }

    /** The input inside a larger array, so the buffer's array offset and position are not zero. */
    private static ByteBuffer offsetSlice(byte[] input) {
        byte[] padded = new byte[input.length + 7];
        System.arraycopy(input, 0, padded, 5, input.length);
        return ByteBuffer.wrap(padded, 5, input.length).slice().position(0);
    }

    /** Asserts every way of feeding refuses the input with this status, and returns the whole-feed error. */
    static HttpException assertRefused(int status, String text) {
        return assertRefused(HttpLimits.DEFAULT, status, bytes(text));
    }

    static HttpException assertRefused(HttpLimits limits, int status, byte[] input) {
        List<Outcome> outcomes = everyWay(limits, input);
        for (Outcome outcome : outcomes) {
            if (outcome.status() != ParseStatus.MALFORMED) {
                fail(outcome.way() + ": expected " + status + " but got " + outcome.status() + " " + describe(outcome));
            }
            assertEquals(
                    status,
                    outcome.error().status(),
                    outcome.way() + ": " + outcome.error().reason());
        }
        return outcomes.get(0).error();
    }

    /**
     * Asserts every way of feeding parses the whole input as one request and nothing after it:
     * a pipelined request's bytes are appended and must stay unconsumed.
     */
    static Request assertParsed(String text) {
        return assertParsed(HttpLimits.DEFAULT, text);
    }

    static Request assertParsed(HttpLimits limits, String text) {
        byte[] request = bytes(text);
        byte[] withNext = bytes(text + "GET /next HTTP/1.1\r\nHost: next\r\n\r\n");
        List<Outcome> outcomes = everyWay(limits, withNext);
        String expected = describe(outcomes.get(0));
        for (Outcome outcome : outcomes) {
            assertEquals(ParseStatus.COMPLETE, outcome.status(), outcome.way() + ": " + describe(outcome));
            assertEquals(request.length, outcome.consumed(), outcome.way() + ": bytes consumed");
            assertEquals(expected, describe(outcome), outcome.way());
        }
        return outcomes.get(0).request();
    }

    /** Asserts that every proper prefix of the input, fed whole and byte by byte, needs more. */
    static void assertEveryPrefixNeedsMore(String text) {
        byte[] input = bytes(text);
        for (int length = 0; length < input.length; length++) {
            ByteBuffer prefix = ByteBuffer.wrap(input, 0, length);
            Outcome outcome = feed(HttpLimits.DEFAULT, "prefix of " + length, prefix);
            assertEquals(ParseStatus.NEED_MORE, outcome.status(), outcome.way() + ": " + describe(outcome));
        }
    }

    static String describe(Outcome outcome) {
        if (outcome.request() != null) {
            return describe(outcome.request());
        }
        return outcome.status()
                + (outcome.error() == null ? "" : " " + outcome.error().status());
    }

    /** Every field of a request on one line, for exact comparison. */
    static String describe(Request request) {
        StringBuilder text = new StringBuilder()
                .append(request.method())
                .append(' ')
                .append(request.target())
                .append(' ')
                .append(request.version().text())
                .append(' ')
                .append(request.framing())
                .append(' ')
                .append(request.contentLength());
        Headers headers = request.headers();
        for (int i = 0; i < headers.size(); i++) {
            text.append(" | ").append(headers.name(i)).append(": ").append(headers.value(i));
        }
        return text.toString();
    }
}
