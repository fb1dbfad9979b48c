package dev.nioserve.http;

import static dev.nioserve.http.ParserHarness.assertParsed;
import static dev.nioserve.http.ParserHarness.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Body framing (RFC 9112 sections 6 and 7): Content-Length and Transfer-Encoding as smuggling
 * defences, and the chunked body, each case fed whole, cut at every byte and byte by byte.
 */
class RequestParserFramingTest {
    private static final String CHUNKED_HEAD = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    @Test
    void repeatedContentLengthWithDifferentValuesIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
    }

    @Test
    void repeatedContentLengthWithEqualValuesIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\nhello");
    }

    @Test
    void contentLengthListIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello");
    }

    @Test
    void contentLengthThatIsNotOnlyDigitsIsRejectedWith400() {
        for (String value : new String[] {"+5", "-1", " ", "5a", "0x10", "1 2", "9223372036854775808"}) {
            assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n");
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsRejectedWith400() {
        assertRefused(
                400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertRefused(
                400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n");
    }

    @Test
    void transferEncodingChunkedThenGzipIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n");
    }

    @Test
    void transferEncodingGzipThenChunkedIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    }

    @Test
    void transferEncodingChunkedTwiceIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n");
        assertRefused(
                400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void transferEncodingAcrossTwoLinesEndingInChunkedIsRejectedWith400() {
        assertRefused(
                400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void transferEncodingXchunkedIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n");
    }

    @Test
    void transferEncodingIdentityIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n");
    }

    @Test
    void transferEncodingOnHttp10IsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @Test
    void transferEncodingChunkedInAnyCaseIsTaken() {
        Request request = assertParsed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n");
        assertEquals(BodyFraming.CHUNKED, request.framing());
        assertTrue(request.hasBody());
    }

    @Test
    void contentLengthOverTheBodyLimitIsRejectedWith413AsTheHeadCompletes() {
        HttpLimits limits = new HttpLimits(8192, 16384, 100, 10);
        assertParsed(limits, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789");
        String head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n";
        ParserHarness.Outcome outcome = ParserHarness.feed(
                limits, "whole", java.nio.ByteBuffer.wrap(ParserHarness.bytes(head + "01234567890")));
        assertEquals(ParseStatus.MALFORMED, outcome.status());
        assertEquals(413, outcome.error().status());
        assertEquals(head.length(), outcome.consumed(), "no body byte is read before refusing");
    }

    @Test
    void chunkSizeWithMoreDigitsThanAnyLongIsMalformed() {
        assertRefused(400, CHUNKED_HEAD + "ffffffffffffffffff\r\n");
        HttpLimits unlimited = new HttpLimits(8192, 16384, 100, Long.MAX_VALUE);
        assertRefused(unlimited, 400, ParserHarness.bytes(CHUNKED_HEAD + "ffffffffffffffffff\r\n"));
        assertParsedSize(unlimited, "0000000000000000005");
    }

    @Test
    void chunkSizeThatFitsNoBodyBudgetIsRejectedWith413EvenWithoutALimit() {
        HttpLimits unlimited = new HttpLimits(8192, 16384, 100, Long.MAX_VALUE);
        assertRefused(unlimited, 413, ParserHarness.bytes(CHUNKED_HEAD + "8000000000000000\r\n"));
    }

    private static void assertParsedSize(HttpLimits limits, String size) {
        assertParsed(limits, CHUNKED_HEAD + size + "\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void chunkSizeBeyondTheBodyLimitIsRejectedWith413() {
        assertRefused(413, CHUNKED_HEAD + "80000000\r\n");
    }

    @Test
    void chunkSizeWithATrailingNonHexByteIsRejectedWith400() {
        assertRefused(400, CHUNKED_HEAD + "1X\r\na\r\n0\r\n\r\n");
    }

    @Test
    void negativeChunkSizeIsRejectedWith400() {
        assertRefused(400, CHUNKED_HEAD + "-1\r\n");
    }

    @Test
    void chunkSizeWithAPlusSignIsRejectedWith400() {
        assertRefused(400, CHUNKED_HEAD + "+5\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void chunkSizeLineEndedByABareLfIsRejectedWith400() {
        assertRefused(400, CHUNKED_HEAD + "5;ext\nhello\r\n0\r\n\r\n");
        assertRefused(400, CHUNKED_HEAD + "5\nhello\r\n0\r\n\r\n");
    }

    @Test
    void chunkExtensionAfterWhitespaceIsAccepted() {
        assertParsed(CHUNKED_HEAD + "5 ;ext\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void chunkExtensionWithAValueIsAccepted() {
        assertParsed(CHUNKED_HEAD + "5;ext=1\r\nhello\r\n0;last=\"yes\"\r\n\r\n");
    }

    @Test
    void chunkSizeWithLeadingZerosIsAccepted() {
        assertParsed(CHUNKED_HEAD + "00000000000000000000005\r\nhello\r\n0000\r\n\r\n");
    }

    @Test
    void chunkSizesAreCountedTogetherAgainstTheBodyLimit() {
        HttpLimits limits = new HttpLimits(8192, 16384, 100, 10);
        assertParsed(limits, CHUNKED_HEAD + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n");
        assertRefused(limits, 413, ParserHarness.bytes(CHUNKED_HEAD + "5\r\nhello\r\n6\r\nworld!\r\n0\r\n\r\n"));
    }

    @Test
    void chunkDataNotFollowedByCrlfIsRejectedWith400() {
        assertRefused(400, CHUNKED_HEAD + "5\r\nhelloX\r\n0\r\n\r\n");
        assertRefused(400, CHUNKED_HEAD + "5\r\nhello\n0\r\n\r\n");
    }

    @Test
    void trailersAreCheckedAndDiscarded() {
        Request request = assertParsed(CHUNKED_HEAD + "0\r\nExpires: never\r\nX-Sum: 1\r\n\r\n");
        assertEquals(null, request.headers().get("Expires"));
        assertRefused(400, CHUNKED_HEAD + "0\r\nBad Name: 1\r\n\r\n");
        assertRefused(400, CHUNKED_HEAD + "0\r\nX: 1\n\r\n");
    }

    @Test
    void trailersAreBoundedByTheHeaderLimits() {
        HttpLimits limits = new HttpLimits(8192, 64, 3, 1024);
        assertParsed(limits, CHUNKED_HEAD + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        assertRefused(limits, 431, ParserHarness.bytes(CHUNKED_HEAD + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"));
        assertRefused(limits, 431, ParserHarness.bytes(CHUNKED_HEAD + "0\r\nA: " + "x".repeat(80) + "\r\n\r\n"));
    }

    @Test
    void contentLengthBodyIsSkippedExactly() {
        Request request = assertParsed("PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\nGET / HTTP/1");
        assertEquals(12, request.contentLength());
        assertEquals(BodyFraming.LENGTH, request.framing());
    }
}
