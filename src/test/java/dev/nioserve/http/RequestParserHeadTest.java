package dev.nioserve.http;

import static dev.nioserve.http.ParserHarness.assertParsed;
import static dev.nioserve.http.ParserHarness.assertRefused;
import static dev.nioserve.http.ParserHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The request line, the field lines and Host, each case fed whole, cut at every byte and byte by byte. */
class RequestParserHeadTest {

    @Test
    void bareLfLineEndingsAreServed() {
        Request request = assertParsed("GET / HTTP/1.1\nHost: localhost\n\n");
        assertEquals("GET / HTTP/1.1 NONE -1 | Host: localhost", describe(request));
    }

    @Test
    void bareCrInsideAFieldLineIsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: localhost\rX-Foo: 1\r\n\r\n");
    }

    @Test
    void requestLineWithoutVersionIsRejectedWith400() {
        assertRefused(400, "GET /x\nHost: a\r\n\r\n");
    }

    @Test
    void lowercaseVersionIsRejectedWith400() {
        assertRefused(400, "GET / http/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void wellFormedUnknownVersionIsRejectedWith505() {
        assertRefused(505, "GET / HTTP/2.0\r\nHost: a\r\n\r\n");
        assertRefused(505, "GET / HTTP/1.9\r\nHost: a\r\n\r\n");
    }

    @Test
    void http10IsAccepted() {
        Request request = assertParsed("GET / HTTP/1.0\r\n\r\n");
        assertEquals(HttpVersion.HTTP_1_0, request.version());
        assertFalse(request.wantsKeepAlive());
    }

    @Test
    void whitespaceBetweenNameAndColonIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n");
    }

    @Test
    void fieldLineWithoutColonIsRejectedWith400() {
        assertRefused(400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length 10\r\n\r\n0123456789");
    }

    @Test
    void emptyFieldNameIsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n");
    }

    @Test
    void tabInsideFieldNameIsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nFoo\tBar: 1\r\n\r\n");
    }

    @Test
    void obsFoldWithTabIsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nX-Long: part one\r\n\tpart two\r\n\r\n");
    }

    @Test
    void obsFoldWithSpaceIsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nX-Long: part one\r\n part two\r\n\r\n");
    }

    @Test
    void controlByteInValueIsRejectedWith400ButTabIsKept() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\u001fb\r\n\r\n");
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n");
        assertEquals(
                "a\tb",
                assertParsed("GET / HTTP/1.1\r\nHost: a\r\nX: a\tb\r\n\r\n")
                        .headers()
                        .get("x"));
    }

    @Test
    void valuesHaveOptionalWhitespaceTrimmed() {
        Request request = assertParsed("GET / HTTP/1.1\r\nHost: \t a \t\r\nX:  b  c  \r\n\r\n");
        assertEquals("a", request.headers().get("host"));
        assertEquals("b  c", request.headers().get("X"));
    }

    @Test
    void hostMissingOnHttp11IsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
    }

    @Test
    void hostDuplicatedOnHttp11IsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nHOST: a\r\n\r\n");
    }

    @Test
    void hostEmptyOnHttp11IsRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.1\r\nHost: \r\n\r\n");
    }

    @Test
    void hostMissingOnHttp10IsAccepted() {
        Request request = assertParsed("GET /x HTTP/1.0\r\nAccept: */*\r\n\r\n");
        assertNull(request.headers().get("Host"));
    }

    @Test
    void invalidHostOnHttp10IsStillRejectedWith400() {
        assertRefused(400, "GET / HTTP/1.0\r\nHost: a:b\r\n\r\n");
    }

    @Test
    void hostMayBeARegNameAnIpv4OrABracketedIpv6WithAPort() {
        for (String host : new String[] {
            "localhost",
            "example.com:8443",
            "127.0.0.1",
            "10.0.0.1:80",
            "[::1]",
            "[2001:db8::7]:443",
            "a%41b",
            "xn--e1a"
        }) {
            assertEquals(
                    host,
                    assertParsed("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                            .headers()
                            .get("Host"));
        }
    }

    @Test
    void absoluteFormTargetGivesItsPathOrSlash() {
        Request full = assertParsed("GET https://example.com:8443/a/b?c=d HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertEquals("/a/b", full.path());
        assertEquals("c=d", full.query());
        assertEquals(
                "/",
                assertParsed("GET http://example.com HTTP/1.1\r\nHost: x\r\n\r\n")
                        .path());
        assertEquals(
                "/",
                assertParsed("GET HTTP://EXAMPLE.COM?q HTTP/1.1\r\nHost: x\r\n\r\n")
                        .path());
        assertEquals(
                "/x",
                assertParsed("GET http://[::1]:80/x HTTP/1.1\r\nHost: x\r\n\r\n")
                        .path());
    }

    @Test
    void originFormTargetIsKeptAsSent() {
        Request request = assertParsed("GET /a%20b/c?x=1&y=%2F HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("/a%20b/c?x=1&y=%2F", request.target());
        assertEquals("/a%20b/c", request.path());
        assertEquals("x=1&y=%2F", request.query());
    }

    @Test
    void asteriskFormIsOnlyForOptions() {
        assertEquals("*", assertParsed("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").path());
        assertRefused(400, "GET * HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void methodIsAnyTokenAndKeepsItsCase() {
        assertEquals("get", assertParsed("get / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertEquals("BREW", assertParsed("BREW / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertRefused(400, "GE\"T / HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void targetWithSpaceControlOrHighByteIsRejectedWith400() {
        assertRefused(400, "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n");
        assertRefused(400, "GET /a\u0000 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertRefused(400, "GET /\u00ff HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void leadingEmptyLinesAreSkippedUpToABound() {
        String empties = "\r\n".repeat(RequestParser.MAX_LEADING_EMPTY_LINES);
        assertEquals(
                "/", assertParsed(empties + "GET / HTTP/1.1\r\nHost: a\r\n\r\n").path());
        assertRefused(400, empties + "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void errorReasonIsFixedAndNeverEchoesClientBytes() {
        HttpException error = assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nX-Evil<script>: 1\r\n\r\n");
        assertEquals("invalid header field name", error.reason());
        assertFalse(error.reason().contains("Evil"));
    }
}
