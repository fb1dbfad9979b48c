package dev.nioserve.http;

import static dev.nioserve.http.ParserHarness.assertParsed;
import static dev.nioserve.http.ParserHarness.assertRefused;
import static dev.nioserve.http.ParserHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Limits bite at the byte that crosses them, so the parser never holds or reads much past them. */
class RequestParserLimitsTest {
    private static final HttpLimits LIMITS = HttpLimits.DEFAULT;
    private static final String REQUEST_LINE = "GET / HTTP/1.1\r\n";

    @Test
    void oneMegabyteHeaderValueIsRejectedWith431AsSoonAsTheLimitIsCrossed() {
        byte[] input = bytes(REQUEST_LINE + "Host: a\r\nX-Big: " + "v".repeat(1 << 20) + "\r\n\r\n");
        ByteBuffer src = ByteBuffer.wrap(input);
        RequestParser parser = new RequestParser(LIMITS);

        assertEquals(ParseStatus.MALFORMED, parser.parseHead(src));

        assertEquals(431, parser.error().status());
        int mostConsumed = REQUEST_LINE.length() + "Host: a\r\n".length() + 2 + LIMITS.maxHeaderBytes();
        assertTrue(src.position() <= mostConsumed, "consumed " + src.position());
        assertRefused(LIMITS, 431, input);
    }

    @Test
    void headerValueFedByteByByteStopsAtTheLimit() {
        RequestParser parser = new RequestParser(LIMITS);
        ByteBuffer one = ByteBuffer.allocate(1);
        byte[] head = bytes(REQUEST_LINE + "X-Big: ");
        int fed = 0;
        ParseStatus status = ParseStatus.NEED_MORE;
        while (status == ParseStatus.NEED_MORE && fed < 1 << 20) {
            one.clear().put(fed < head.length ? head[fed] : (byte) 'v').flip();
            fed++;
            status = parser.parseHead(one);
        }
        assertEquals(ParseStatus.MALFORMED, status);
        assertEquals(431, parser.error().status());
        assertEquals(REQUEST_LINE.length() + LIMITS.maxHeaderBytes() + 1, fed, "refused at the crossing byte");
    }

    @Test
    void headerSectionExactlyAtTheLimitIsAccepted() {
        HttpLimits limits = new HttpLimits(64, 64, 10, 0);
        String host = "Host: a\r\n";
        String filler = "X: " + "f".repeat(64 - 7 - 3) + "\r\n";
        assertParsed(limits, REQUEST_LINE + host + filler + "\r\n");
        String over = "X: " + "f".repeat(64 - 7 - 3 + 1) + "\r\n";
        assertRefused(limits, 431, bytes(REQUEST_LINE + host + over + "\r\n"));
    }

    @Test
    void tenThousandSmallHeadersAreRejectedWith431() {
        StringBuilder head = new StringBuilder(REQUEST_LINE).append("Host: a\r\n");
        for (int i = 0; i < 10_000; i++) {
            head.append("X-").append(i).append(": 1\r\n");
        }
        byte[] input = bytes(head.append("\r\n").toString());
        ByteBuffer src = ByteBuffer.wrap(input);
        RequestParser parser = new RequestParser(LIMITS);

        assertEquals(ParseStatus.MALFORMED, parser.parseHead(src));

        assertEquals(431, parser.error().status());
        assertTrue(src.position() < 2_000, "refused at the field past maxHeaderCount, consumed " + src.position());
        assertRefused(LIMITS, 431, input);
    }

    @Test
    void headerCountExactlyAtTheLimitIsAccepted() {
        HttpLimits limits = new HttpLimits(64, 1024, 3, 0);
        assertParsed(limits, REQUEST_LINE + "Host: a\r\nB: 2\r\nC: 3\r\n\r\n");
        assertRefused(limits, 431, bytes(REQUEST_LINE + "Host: a\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"));
    }

    @Test
    void hundredKilobyteTargetIsRejectedWith414() {
        byte[] input = bytes("GET /" + "a".repeat(100 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        ByteBuffer src = ByteBuffer.wrap(input);
        RequestParser parser = new RequestParser(LIMITS);

        assertEquals(ParseStatus.MALFORMED, parser.parseHead(src));

        assertEquals(414, parser.error().status());
        assertEquals(LIMITS.maxRequestLine() + 1, src.position(), "refused at the crossing byte");
        assertRefused(LIMITS, 414, input);
    }

    @Test
    void requestLineExactlyAtTheLimitIsAcceptedWithEitherLineEnding() {
        HttpLimits limits = new HttpLimits(32, 1024, 10, 0);
        String line = "GET /" + "a".repeat(32 - 14) + " HTTP/1.1";
        assertEquals(32, line.length());
        assertParsed(limits, line + "\r\nHost: a\r\n\r\n");
        assertParsed(limits, line + "\nHost: a\r\n\r\n");
        assertRefused(limits, 414, bytes("GET /" + "a".repeat(32 - 13) + " HTTP/1.1\r\nHost: a\r\n\r\n"));
    }

    @Test
    void chunkSizeLineLongerThanTheRequestLineLimitIsRejectedWith400() {
        HttpLimits limits = new HttpLimits(32, 1024, 10, 1024);
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertRefused(limits, 400, bytes(head + "5;" + "e".repeat(40) + "\r\nhello\r\n0\r\n\r\n"));
    }
}
