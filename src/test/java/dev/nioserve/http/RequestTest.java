package dev.nioserve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The path and query a request's target gives, in each form the parser lets through. */
class RequestTest {

    @ParameterizedTest(name = "{0} -> path {1}, query {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            nullValues = "null",
            value = {
                "/ | / | null",
                "/a/b?c=d | /a/b | c=d",
                "/a? | /a | \"\"",
                "/?x | / | x",
                "* | * | null",
                "http://example.com | / | null",
                "http://example.com/ | / | null",
                "https://example.com:8443/a/b?c | /a/b | c",
                "HTTP://EXAMPLE.COM?q | / | q",
                "http://[::1]:80/x?y=/z | /x | y=/z",
            })
    void pathAndQueryComeFromEveryTargetForm(String target, String path, String query) {
        Request request = new Request("GET", target, HttpVersion.HTTP_1_1, new Headers(), BodyFraming.NONE, -1);
        assertEquals(path, request.path());
        assertEquals(query, request.query());
    }
}
