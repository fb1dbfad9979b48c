package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "/../outside/secret.txt",
                "/%2e%2e/outside/secret.txt",
                "/%2E%2e/%2e%2E/outside/secret.txt",
                "/sub/%2e%2e/%2e%2e/outside/secret.txt",
                "/sub/../../outside/secret.txt",
                "/.%2e/outside/secret.txt",
                "/%2e./outside/secret.txt",
                "//../outside/secret.txt",
                "/./../outside/secret.txt",
                "/..",
                "/..%2foutside%2fsecret.txt",
                "/sub%2f..%2f..%2foutside%2fsecret.txt",
                "/%2F",
                "/..%5coutside%5csecret.txt",
                "/..\\outside\\secret.txt",
                "/%c0%ae%c0%ae/outside/secret.txt",
                "/%e0%80%ae%e0%80%ae/outside/secret.txt",
                "/%c0%af",
                "/%ed%a0%80",
                "/%ff",
                "/%e2%82",
                "/%00",
                "/a.txt%00.html",
                "/a%0d%0aSet-Cookie:x",
                "/a%7f",
                "/a%c2%85",
                "/%",
                "/%2",
                "/%zz",
                "/%u002e%u002e/outside",
                "/a b",
                "/caf\u00e9",
                "",
                "outside/secret.txt",
                "*",
            })
    void brokenOrClimbingPathsAreRefusedAsBadRequests(String raw) {
        FileRefusal refusal = assertThrows(FileRefusal.class, () -> RequestPath.parse(raw));
        assertEquals(Refusal.BAD_PATH, refusal.refusal());
        assertEquals(400, refusal.refusal().status());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/|''",
                "/a.txt|a.txt",
                "/sub/../a.txt|a.txt",
                "/sub/%2e%2e/a.txt|a.txt",
                "/./a.txt|a.txt",
                "//sub///b.txt|sub/b.txt",
                "/%252e%252e/outside/secret.txt|%2e%2e/outside/secret.txt",
                "/..;/outside|..;/outside",
                "/.../outside|.../outside",
                "/caf%C3%A9.txt|caf\u00e9.txt",
                "/a%20b|a b",
                "/a+b|a+b",
            })
    void pathsAreDecodedOnceAndNormalised(String raw, String expected) throws FileRefusal {
        List<String> segments = RequestPath.parse(raw).segments();
        assertEquals(expected, String.join("/", segments));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/", "/sub/", "/sub/.", "/sub/x/..", "/sub//", "/sub/%2e"})
    void pathsNamingADirectoryEndWithSlash(String raw) throws FileRefusal {
        assertTrue(RequestPath.parse(raw).endsWithSlash());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/sub", "/sub/a.txt", "/sub/./a"})
    void pathsNamingAFileDoNotEndWithSlash(String raw) throws FileRefusal {
        assertFalse(RequestPath.parse(raw).endsWithSlash());
    }

    @Test
    void reencodedUriNeverStartsWithTwoSlashesAndEscapesDelimiters() throws FileRefusal {
        assertEquals("/evil.example/x", RequestPath.parse("//evil.example/x").toUri());
        assertEquals(
                "/a%3Fb%23c%25d%3Be/", RequestPath.parse("/a%3fb%23c%25d%3be/").toUri());
        assertEquals(
                "/caf%C3%A9/%22%3C%3E%27%26",
                RequestPath.parse("/caf%c3%a9/%22%3c%3e%27%26").toUri());
        assertEquals("/", RequestPath.parse("/").toUri());
    }

    @Test
    void isMatchesOnlyTheExactDecodedPath() throws FileRefusal {
        assertTrue(RequestPath.parse("/time").is("time"));
        assertTrue(RequestPath.parse("/%74ime").is("time"));
        assertTrue(RequestPath.parse("/x/../time").is("time"));
        assertFalse(RequestPath.parse("/time/").is("time"));
        assertFalse(RequestPath.parse("/time/x").is("time"));
        assertFalse(RequestPath.parse("/Time").is("time"));
    }
}
