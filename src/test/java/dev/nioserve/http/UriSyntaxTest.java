package dev.nioserve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host values and IPv6 literals, judged exactly as Host and absolute-form targets are. */
class UriSyntaxTest {

    @ParameterizedTest(name = "Host \"{0}\" valid: {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "localhost | true",
                "localhost:8443 | true",
                "a.b-c_d~e | true",
                "127.0.0.1:0 | true",
                "xn--nxasmq6b.example | true",
                "%41%42 | true",
                "!$&'()*+,;= | true",
                "[::1]:65535 | true",
                "[::] | true",
                "a:65536 | false",
                "a:123456 | false",
                "a: | false",
                ":80 | false",
                "a:8x | false",
                "%4 | false",
                "%zz | false",
                "u@a | false",
                "a/b | false",
                "a?b | false",
                "[::1]x | false",
                "[] | false",
                "[v1.x] | false",
                "[::1%25eth0] | false",
                "[::1 | false",
            })
    void hostPortFollowsRfc3986(String host, boolean valid) {
        byte[] bytes = host.getBytes(StandardCharsets.US_ASCII);
        assertEquals(valid, UriSyntax.isHostPort(bytes, 0, bytes.length));
    }

    @ParameterizedTest(name = "IPv6 \"{0}\" valid: {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                ":: | true",
                "::1 | true",
                "1:: | true",
                "1:2:3:4:5:6:7:8 | true",
                "2001:db8::ff00:42:8329 | true",
                "::ffff:192.0.2.128 | true",
                "1:2:3:4:5:6:1.2.3.4 | true",
                "FFFF::abcd | true",
                "1:2:3:4:5:6:7 | false",
                "1:2:3:4:5:6:7:8:9 | false",
                "1::2::3 | false",
                ":1 | false",
                "1: | false",
                "1:::2 | false",
                "12345::1 | false",
                "::g | false",
                "1.2.3.4 | false",
                "::1.2.3 | false",
                "::256.1.1.1 | false",
                "1:2:3:4:5:6:7::8 | false",
            })
    void ipv6LiteralFollowsRfc4291(String address, boolean valid) {
        byte[] bytes = address.getBytes(StandardCharsets.US_ASCII);
        assertEquals(valid, UriSyntax.isIpv6(bytes, 0, bytes.length));
    }
}
