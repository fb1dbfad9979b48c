package dev.nioserve.http;

import static dev.nioserve.http.ParserHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One parser across a connection's requests: pipelining, resumption, reset, and hostile input. */
class RequestParserStreamTest {
    private static final String FIRST = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String SECOND = "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
    private static final String THIRD =
            "PUT /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n";

    @Test
    void threePipelinedRequestsParseInOrderEachConsumingExactlyItsOwnBytes() {
        ByteBuffer src = ByteBuffer.wrap(bytes(FIRST + SECOND + THIRD));
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        int end = 0;
        for (String request : List.of(FIRST, SECOND, THIRD)) {
            assertEquals(ParseStatus.COMPLETE, parser.parseHead(src));
            assertEquals(request.indexOf("\r\n\r\n") + 4 + end, src.position(), "head ends at its empty line");
            end += request.length();
            assertEquals(
                    request.substring(request.indexOf(' ') + 1, request.indexOf(" HTTP")),
                    parser.request().target());
            assertEquals(ParseStatus.COMPLETE, parser.skipBody(src));
            assertEquals(end, src.position(), "body ends exactly");
            parser.reset();
        }
        assertFalse(src.hasRemaining());
    }

    @Test
    void headSplitInsideAFieldNameParses() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        assertEquals(ParseStatus.NEED_MORE, parser.parseHead(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHo"))));
        assertEquals(ParseStatus.NEED_MORE, parser.parseHead(ByteBuffer.wrap(bytes("s"))));
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(ByteBuffer.wrap(bytes("t: a\r\nAccept: */*\r\n\r\n"))));
        assertEquals("a", parser.request().headers().get("Host"));
        assertEquals("*/*", parser.request().headers().get("Accept"));
    }

    @Test
    void afterResetTheParserParsesTheNextRequest() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(ByteBuffer.wrap(bytes(FIRST))));
        parser.reset();
        assertThrows(IllegalStateException.class, parser::request);
        ByteBuffer second = ByteBuffer.wrap(bytes(SECOND));
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(second));
        assertEquals("/two", parser.request().path());
        assertEquals(ParseStatus.COMPLETE, parser.skipBody(second));
    }

    @Test
    void afterResetAMalformedRequestIsForgotten() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        assertEquals(ParseStatus.MALFORMED, parser.parseHead(ByteBuffer.wrap(bytes("GET / HTTP/9.9\r\n"))));
        parser.reset();
        assertEquals(null, parser.error());
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(ByteBuffer.wrap(bytes(FIRST))));
    }

    @Test
    void errorSticksAndConsumesNothingMore() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        assertEquals(ParseStatus.MALFORMED, parser.parseHead(ByteBuffer.wrap(bytes("BAD\r\n"))));
        HttpException first = parser.error();
        ByteBuffer more = ByteBuffer.wrap(bytes(FIRST));
        assertEquals(ParseStatus.MALFORMED, parser.parseHead(more));
        assertEquals(ParseStatus.MALFORMED, parser.skipBody(more));
        assertEquals(0, more.position());
        assertSame(first, parser.error());
    }

    @Test
    void completeHeadIsAnsweredAgainWithoutConsuming() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        ByteBuffer src = ByteBuffer.wrap(bytes(FIRST + FIRST));
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(src));
        int position = src.position();
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(src));
        assertEquals(ParseStatus.COMPLETE, parser.skipBody(src));
        assertEquals(position, src.position());
    }

    @Test
    void skipBodyBeforeTheHeadIsCompleteIsAProgrammingError() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        assertThrows(IllegalStateException.class, () -> parser.skipBody(ByteBuffer.allocate(0)));
    }

    @Test
    void startedTurnsTrueAtTheFirstByteOfTheRequestLineButNotForLeadingEmptyLines() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        assertFalse(parser.started());
        assertEquals(ParseStatus.NEED_MORE, parser.parseHead(ByteBuffer.wrap(bytes("\r\n\r"))));
        assertFalse(parser.started(), "empty lines before a request are not a request");
        assertEquals(ParseStatus.NEED_MORE, parser.parseHead(ByteBuffer.wrap(bytes("\nG"))));
        assertTrue(parser.started());
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(ByteBuffer.wrap(bytes("ET / HTTP/1.0\r\n\r\n"))));
        assertTrue(parser.started());
        parser.reset();
        assertFalse(parser.started());
    }

    @Test
    void resetDropsALargeLineSoAnIdleParserHoldsNothingBig() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULT);
        String big = "GET / HTTP/1.1\r\nHost: a\r\nCookie: " + "c".repeat(10_000) + "\r\n\r\n";
        assertEquals(ParseStatus.COMPLETE, parser.parseHead(ByteBuffer.wrap(bytes(big))));
        assertTrue(parser.storageBytes() >= 10_000);
        parser.reset();
        assertTrue(parser.storageBytes() <= LineReader.INITIAL_CAPACITY, "held " + parser.storageBytes());
    }

    @Test
    void storageNeverGrowsPastTheLimits() {
        HttpLimits limits = new HttpLimits(100, 200, 10, 0);
        RequestParser parser = new RequestParser(limits);
        String huge = "GET / HTTP/1.1\r\nHost: a\r\nX: " + "x".repeat(100_000) + "\r\n\r\n";
        assertEquals(ParseStatus.MALFORMED, parser.parseHead(ByteBuffer.wrap(bytes(huge))));
        assertTrue(parser.storageBytes() <= 200, "held " + parser.storageBytes());
    }

    @Test
    void randomByteSoupNeverThrowsAndOnlyAnswersParseStatuses() {
        Random random = new Random(20240917L);
        byte[] alphabet = bytes("GETPOST HTTP/1.01\r\n\r\n:; =,\t\"\\/?*#[]@%0123456789abcdefxX"
                + "HostContent-LengthTransfer-Encodingchunked");
        HttpLimits small = new HttpLimits(24, 48, 4, 64);
        for (int round = 0; round < 3_000; round++) {
            byte[] soup = new byte[random.nextInt(200)];
            for (int i = 0; i < soup.length; i++) {
                soup[i] =
                        random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            feedInRandomPieces(random.nextBoolean() ? HttpLimits.DEFAULT : small, soup, random);
        }
    }

    @Test
    void mutatedValidRequestsNeverThrow() {
        Random random = new Random(7L);
        byte[] base =
                bytes(SECOND + THIRD + "OPTIONS * HTTP/1.1\r\nHost: [::1]:80\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3;a=\"b\"\r\nabc\r\n0\r\nT: 1\r\n\r\n");
        for (int round = 0; round < 3_000; round++) {
            byte[] mutated = base.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            feedInRandomPieces(HttpLimits.DEFAULT, mutated, random);
        }
    }

    /** Feeds pipelined requests in random pieces, checking the contract, until the bytes run out or one fails. */
    private static void feedInRandomPieces(HttpLimits limits, byte[] input, Random random) {
        RequestParser parser = new RequestParser(limits);
        ByteBuffer src = ByteBuffer.wrap(input, 0, 0);
        boolean inBody = false;
        while (src.limit() < input.length || src.hasRemaining()) {
            src.limit(Math.min(input.length, src.limit() + 1 + random.nextInt(16)));
            ParseStatus status = inBody ? parser.skipBody(src) : parser.parseHead(src);
            assertTrue(Set.of(ParseStatus.values()).contains(status));
            if (status == ParseStatus.MALFORMED) {
                assertTrue(
                        Set.of(400, 413, 414, 431, 505).contains(parser.error().status()));
                return;
            }
            if (status == ParseStatus.NEED_MORE) {
                assertFalse(src.hasRemaining(), "NEED_MORE consumed every byte");
            } else if (!inBody && parser.request().hasBody()) {
                inBody = true;
            } else {
                inBody = false;
                parser.reset();
            }
        }
    }
}
