package dev.nioserve.http;

import static dev.nioserve.http.ParserHarness.assertEveryPrefixNeedsMore;
import static dev.nioserve.http.ParserHarness.assertParsed;
import static dev.nioserve.http.ParserHarness.assertRefused;
import static dev.nioserve.http.ParserHarness.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of fixtures: each valid one parses to exactly the same request, and each malformed one
 * is refused with exactly the same status, whether it comes whole, cut in two at any byte, or one
 * byte at a time. Every proper prefix of a valid fixture needs more bytes.
 */
class RequestParserFixturesTest {

    static Stream<Arguments> validRequests() {
        return Stream.of(
                valid(
                        "simple GET",
                        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                        "GET / HTTP/1.1 NONE -1 | Host: localhost"),
                valid(
                        "wrk-style GET with a port",
                        "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8443\r\n\r\n",
                        "GET /index.html HTTP/1.1 NONE -1 | Host: 127.0.0.1:8443"),
                valid("HTTP/1.0 without Host", "GET /a?b=c HTTP/1.0\r\n\r\n", "GET /a?b=c HTTP/1.0 NONE -1"),
                valid(
                        "bare LF line endings",
                        "GET / HTTP/1.1\nHost: localhost\n\n",
                        "GET / HTTP/1.1 NONE -1 | Host: localhost"),
                valid(
                        "mixed line endings",
                        "GET / HTTP/1.1\r\nHost: a\nAccept: */*\r\n\n",
                        "GET / HTTP/1.1 NONE -1 | Host: a | Accept: */*"),
                valid(
                        "leading empty lines skipped",
                        "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                        "GET / HTTP/1.1 NONE -1 | Host: a"),
                valid(
                        "values trimmed of OWS, inner whitespace kept",
                        "GET / HTTP/1.1\r\nHost:a\r\nX-A: \t one \t two\t \r\nX-Empty:\r\nX-Blank:   \r\n\r\n",
                        "GET / HTTP/1.1 NONE -1 | Host: a | X-A: one \t two | X-Empty:  | X-Blank: "),
                valid(
                        "obs-text in a value",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Latin: caf\u00e9\r\n\r\n",
                        "GET / HTTP/1.1 NONE -1 | Host: a | X-Latin: caf\u00e9"),
                valid(
                        "field names keep their case",
                        "GET / HTTP/1.1\r\nhOsT: a\r\nx-lower: 1\r\n\r\n",
                        "GET / HTTP/1.1 NONE -1 | hOsT: a | x-lower: 1"),
                valid(
                        "extension method",
                        "M-SEARCH!#$%&'*+-.^_`|~ /x HTTP/1.1\r\nHost: a\r\n\r\n",
                        "M-SEARCH!#$%&'*+-.^_`|~ /x HTTP/1.1 NONE -1 | Host: a"),
                valid(
                        "absolute-form target",
                        "GET http://example.com:80/p?q HTTP/1.1\r\nHost: example.com\r\n\r\n",
                        "GET http://example.com:80/p?q HTTP/1.1 NONE -1 | Host: example.com"),
                valid(
                        "asterisk-form OPTIONS",
                        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                        "OPTIONS * HTTP/1.1 NONE -1 | Host: a"),
                valid(
                        "IPv6 Host",
                        "GET / HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n",
                        "GET / HTTP/1.1 NONE -1 | Host: [::1]:8443"),
                valid(
                        "Content-Length body",
                        "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
                        "POST /f HTTP/1.1 LENGTH 5 | Host: a | Content-Length: 5"),
                valid(
                        "Content-Length zero",
                        "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
                        "POST /f HTTP/1.1 LENGTH 0 | Host: a | Content-Length: 0"),
                valid(
                        "Content-Length with leading zeros",
                        "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc",
                        "POST /f HTTP/1.1 LENGTH 3 | Host: a | Content-Length: 003"),
                valid(
                        "HTTP/1.0 with a body",
                        "POST /f HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
                        "POST /f HTTP/1.0 LENGTH 2 | Content-Length: 2"),
                valid(
                        "chunked body",
                        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
                        "POST /c HTTP/1.1 CHUNKED -1 | Host: a | Transfer-Encoding: chunked"),
                valid(
                        "chunked in any case, extensions and trailers",
                        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ChUnKeD\r\n\r\n"
                                + "5;ext=1\r\nhello\r\n3 ;a ; b = \"q \\\" t\"\r\nabc\r\nA;x\r\n0123456789\r\n"
                                + "0\r\nX-Trailer: 1\r\nY: two\r\n\r\n",
                        "POST /c HTTP/1.1 CHUNKED -1 | Host: a | Transfer-Encoding: ChUnKeD"),
                valid(
                        "chunk data holding CR and LF bytes",
                        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n\r\n\r\n\r\n0\r\n\r\n",
                        "POST /c HTTP/1.1 CHUNKED -1 | Host: a | Transfer-Encoding: chunked"));
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                malformed("no version (HTTP/0.9)", "GET /x\r\n\r\n", 400),
                malformed("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("garbage version", "GET / HTTP/1.1x\r\nHost: a\r\n\r\n", 400),
                malformed("version without minor", "GET / HTTP/1\r\nHost: a\r\n\r\n", 400),
                malformed("two-digit major", "GET / HTTP/11.1\r\nHost: a\r\n\r\n", 400),
                malformed("HTTP/2.0 is well formed but unsupported", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                malformed("HTTP/1.2 is well formed but unsupported", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
                malformed("HTTP/0.9 version string", "GET / HTTP/0.9\r\n\r\n", 505),
                malformed("two spaces after method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("two spaces before version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("trailing space after version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
                malformed("leading space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("tab as separator", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("method with a non-token byte", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("target with a control byte", "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("target with DEL", "GET /a\u007fb HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("target with a byte above 0x7F", "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("target with a fragment", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("relative target", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("authority-form target", "CONNECT a.com:443 HTTP/1.1\r\nHost: a.com\r\n\r\n", 400),
                malformed("absolute-form with another scheme", "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("absolute-form with userinfo", "GET http://u@a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("absolute-form without host", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("asterisk-form with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                malformed("bare CR ending the request line", "GET / HTTP/1.1\rHost: a\r\n\r\n", 400),
                malformed("bare CR inside a value", "GET / HTTP/1.1\r\nHost: localhost\rX-Foo: 1\r\n\r\n", 400),
                malformed("bare CR ending the head", "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n", 400),
                malformed("NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", 400),
                malformed("DEL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n", 400),
                malformed("vertical tab in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u000bb\r\n\r\n", 400),
                malformed("whitespace before colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A : 1\r\n\r\n", 400),
                malformed("no colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
                malformed("empty name", "GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n", 400),
                malformed("non-token name", "GET / HTTP/1.1\r\nHost: a\r\nX[1]: x\r\n\r\n", 400),
                malformed("obs-fold with space", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", 400),
                malformed("whitespace before the first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
                malformed("Host missing on 1.1", "GET / HTTP/1.1\r\n\r\n", 400),
                malformed("Host empty", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400),
                malformed("Host twice", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                malformed("Host twice on 1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", 400),
                malformed("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                malformed("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400),
                malformed("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                malformed("Host with an empty port", "GET / HTTP/1.1\r\nHost: a:\r\n\r\n", 400),
                malformed("Host with a port past 65535", "GET / HTTP/1.1\r\nHost: a:65536\r\n\r\n", 400),
                malformed("Host with an unclosed IPv6 literal", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
                malformed("Host with a bad IPv6 literal", "GET / HTTP/1.1\r\nHost: [1::2::3]\r\n\r\n", 400),
                malformed("invalid Host on 1.0", "GET / HTTP/1.0\r\nHost: a b\r\n\r\n", 400),
                malformed(
                        "Content-Length with a sign", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400),
                malformed("Content-Length negative", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
                malformed("Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n", 400),
                malformed("Content-Length empty", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", 400),
                malformed("Content-Length hex", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n", 400),
                malformed(
                        "Content-Length past a long",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
                        400),
                malformed(
                        "Content-Length over the body limit",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n",
                        413),
                malformed(
                        "Transfer-Encoding on 1.0",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400),
                malformed("Transfer-Encoding empty", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n", 400),
                malformed(
                        "Transfer-Encoding with a trailing comma",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked,\r\n\r\n",
                        400),
                malformed(
                        "Transfer-Encoding chunked with a parameter",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;q=1\r\n\r\n",
                        400),
                malformed(
                        "chunk size with a leading space",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n",
                        400),
                malformed(
                        "chunk size with a trailing space",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n",
                        400),
                malformed(
                        "chunk size line empty",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
                        400),
                malformed(
                        "chunk extension without a name",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;=1\r\nhello\r\n0\r\n\r\n",
                        400),
                malformed(
                        "chunk extension with an unclosed quote",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"x\r\nhello\r\n0\r\n\r\n",
                        400),
                malformed(
                        "chunk extension with an empty value",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\r\nhello\r\n0\r\n\r\n",
                        400),
                malformed(
                        "chunk data longer than its size",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello!\r\n0\r\n\r\n",
                        400),
                malformed(
                        "chunk data ended by a bare LF",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n",
                        400),
                malformed(
                        "chunk data ended by a bare CR",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r0\r\n\r\n",
                        400),
                malformed(
                        "last chunk ended by a bare LF",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\n\r\n",
                        400),
                malformed(
                        "trailer section ended by a bare LF",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\n",
                        400),
                malformed(
                        "trailer with obs-fold",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n 2\r\n\r\n",
                        400),
                malformed(
                        "trailer without a colon",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX 1\r\n\r\n",
                        400),
                malformed(
                        "trailer with a control byte",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: \u0001\r\n\r\n",
                        400),
                malformed(
                        "chunk sizes summing past the body limit",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + "80000\r\n"
                                + "x".repeat(0x80000) + "\r\n80001\r\n",
                        413),
                malformed(
                        "too many leading empty lines", "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRequests")
    void validRequestParsesToTheSameRequestHoweverItIsCut(String name, String text, String expected) {
        assertEquals(expected, describe(assertParsed(text)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRequests")
    void everyPrefixOfAValidRequestNeedsMore(String name, String text, String expected) {
        assertEveryPrefixNeedsMore(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestIsRefusedWithTheSameStatusHoweverItIsCut(String name, String text, int status) {
        assertRefused(status, text);
    }

    private static Arguments valid(String name, String text, String expected) {
        return Arguments.of(name, text, expected);
    }

    private static Arguments malformed(String name, String text, int status) {
        return Arguments.of(name, text, status);
    }
}
