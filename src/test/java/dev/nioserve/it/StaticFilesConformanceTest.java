package dev.nioserve.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.config.Settings;
import dev.nioserve.files.FileOptions;
import dev.nioserve.it.RawHttp.Part;
import dev.nioserve.it.RawHttp.Reply;
import dev.nioserve.it.RawHttp.Request;
import dev.nioserve.support.Command;
import dev.nioserve.support.RunningServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of issue #3, items 1 to 8, as rows of a table sent to the running server over real
 * TLS. Each row is sent as HEAD and as GET, pipelined on one connection: the GET answer is checked
 * against the row, and the HEAD answer must carry the same status and fields with no body (case
 * C37), a Range included: RFC 9110 section 14.2 defines ranges for GET only, but the issue asks
 * HEAD to show what GET would, as nginx and Go do. Every answer is also held to the rules of item 7: Server names no
 * version, file answers carry the configured Cache-Control and nosniff.
 *
 * <p>Rules that need another option (listings, dotfiles, links out, compression off, another
 * Cache-Control) run against a second server started with it.
 */
@Timeout(120)
class StaticFilesConformanceTest {
    /** The mtime of the dated files, so date rules compare against fixed instants. */
    private static final Instant DATED = Instant.parse("2020-01-01T00:00:00Z");

    private static final String DATED_HTTP = "Wed, 01 Jan 2020 00:00:00 GMT";
    private static final String BEFORE_DATED = "Sun, 01 Dec 2019 00:00:00 GMT";
    private static final String AFTER_DATED = "Sat, 01 Feb 2020 00:00:00 GMT";
    private static final String FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";
    private static final String NOT_FOUND_PAGE = "<p>custom 404</p>\n";
    private static final String TEN = "0123456789";

    private static RunningServer server;

    /** Set once in {@link #start}: the bytes of the precompressed siblings the rows expect. */
    private static byte[] styleGz;

    private static byte[] styleBr;
    private static byte[] tinyGz;

    @BeforeAll
    static void start() throws IOException {
        server = RunningServer.start();
        Path root = server.root();
        writeDated(root.resolve("dated.txt"), TEN.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(root.resolve("404.html"), NOT_FOUND_PAGE);
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/readme.txt"), "no index here\n");
        Files.createDirectories(root.resolve("my dir"));
        writeHiddenAndSpecialFiles(root);
        writeCompressible(root);
    }

    private static void writeHiddenAndSpecialFiles(Path root) throws IOException {
        Files.writeString(root.resolve(".env"), "SECRET=1\n");
        Files.writeString(root.resolve(".htpasswd"), "user:hash\n");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[core]\n");
        Files.writeString(root.resolve("sub/.hidden"), "hidden\n");
        Files.createSymbolicLink(root.resolve("link-in"), Path.of("a.txt"));
        Files.createSymbolicLink(root.resolve("link-hidden"), Path.of(".env"));
        Files.createSymbolicLink(root.resolve("dev-link"), Path.of("/dev/zero"));
        Command.Result fifo = Command.run(10, "mkfifo", root.resolve("pipe").toString());
        assertEquals(0, fifo.exitCode(), fifo.output());
    }

    private static void writeCompressible(Path root) throws IOException {
        writeDated(root.resolve("page.html"), text(4096));
        writeDated(root.resolve("1023.txt"), text(1023));
        writeDated(root.resolve("1024.txt"), text(1024));
        byte[] style = text(2048);
        writeDated(root.resolve("style.css"), style);
        styleGz = gzip(style);
        styleBr = "stands in for brotli: the server picks the file, it never decodes it"
                .getBytes(StandardCharsets.US_ASCII);
        writeDated(root.resolve("style.css.gz"), styleGz);
        writeDated(root.resolve("style.css.br"), styleBr);
        writeDated(root.resolve("tiny.txt"), "tiny".getBytes(StandardCharsets.US_ASCII));
        tinyGz = gzip("tiny".getBytes(StandardCharsets.US_ASCII));
        writeDated(root.resolve("tiny.txt.gz"), tinyGz);
        writeDated(root.resolve("old.css"), "p{}\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(root.resolve("old.css.gz"), gzip("stale".getBytes(StandardCharsets.US_ASCII)));
        Files.setLastModifiedTime(root.resolve("old.css.gz"), FileTime.from(DATED.minusSeconds(60)));
        byte[] png = new byte[4096];
        new Random(7).nextBytes(png);
        writeDated(root.resolve("logo.png"), png);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void everyConnectionEndsWithoutAWarning() {
        server.awaitQuiet();
        server.assertNoWarnings();
    }

    // ---- the table ----

    /** What a plain GET of a row's target gave: its bytes and validators, which rows may refer to. */
    record Resource(byte[] content, String etag, String lastModified, String type) {}

    @FunctionalInterface
    interface Expect {
        void check(Reply reply, Resource resource) throws IOException;
    }

    /**
     * One row. Fields may name the target's current validators: {etag}, {weak} (the same tag
     * marked W/) and {lm} (its Last-Modified).
     */
    record Rule(String name, String target, List<String> fields, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Rule rule(String name, String target, Expect expect, String... fields) {
        return new Rule(name, target, List.of(fields), expect);
    }

    static Stream<Rule> validators() {
        return Stream.of(
                rule("a file has a strong ETag and its Last-Modified", "/dated.txt", (r, res) -> {
                    whole().check(r, res);
                    assertTrue(r.header("ETag").matches("\"[!#-~]+\""), r.header("ETag"));
                    assertEquals(DATED_HTTP, r.header("Last-Modified"));
                }),
                rule("the empty file has validators too", "/empty.txt", withValidators()),
                rule("a large file has validators too", "/big.bin", withValidators()),
                rule("an index has validators too", "/sub/", withValidators()),
                rule("If-None-Match with the current tag", "/dated.txt", notModified(), "If-None-Match: {etag}"),
                rule("If-None-Match compares weakly", "/dated.txt", notModified(), "If-None-Match: {weak}"),
                rule("If-None-Match list holding the tag", "/dated.txt", notModified(), "If-None-Match: \"x\", {etag}"),
                rule(
                        "If-None-Match list over two lines",
                        "/dated.txt",
                        notModified(),
                        "If-None-Match: \"x\"",
                        "If-None-Match: {etag}"),
                rule("If-None-Match star", "/dated.txt", notModified(), "If-None-Match: *"),
                rule("If-None-Match with other tags", "/dated.txt", whole(), "If-None-Match: \"x\", \"y\""),
                rule("If-None-Match malformed", "/dated.txt", whole(), "If-None-Match: {etag} junk"),
                rule(
                        "If-Modified-Since equal to Last-Modified",
                        "/dated.txt",
                        notModified(),
                        "If-Modified-Since: " + DATED_HTTP),
                rule("If-Modified-Since later", "/dated.txt", notModified(), "If-Modified-Since: " + AFTER_DATED),
                rule(
                        "If-Modified-Since in RFC 850 form",
                        "/dated.txt",
                        notModified(),
                        "If-Modified-Since: Wednesday, 01-Jan-20 00:00:00 GMT"),
                rule(
                        "If-Modified-Since in asctime form",
                        "/dated.txt",
                        notModified(),
                        "If-Modified-Since: Wed Jan  1 00:00:00 2020"),
                rule(
                        "If-Modified-Since equal to a Last-Modified cut to the second",
                        "/a.txt",
                        notModified(),
                        "If-Modified-Since: {lm}"),
                rule("If-Modified-Since earlier", "/dated.txt", whole(), "If-Modified-Since: " + BEFORE_DATED),
                rule(
                        "If-Modified-Since in the future is ignored",
                        "/dated.txt",
                        whole(),
                        "If-Modified-Since: " + FUTURE),
                rule("If-Modified-Since not a date is ignored", "/dated.txt", whole(), "If-Modified-Since: yesterday"),
                rule("If-Match with the current tag", "/dated.txt", whole(), "If-Match: {etag}"),
                rule("If-Match star", "/dated.txt", whole(), "If-Match: *"),
                rule("If-Match list holding the tag", "/dated.txt", whole(), "If-Match: \"x\", {etag}"),
                rule("If-Match with another tag", "/dated.txt", status(412), "If-Match: \"x\""),
                rule("If-Match compares strongly", "/dated.txt", status(412), "If-Match: {weak}"),
                rule("If-Unmodified-Since earlier", "/dated.txt", status(412), "If-Unmodified-Since: " + BEFORE_DATED),
                rule("If-Unmodified-Since equal", "/dated.txt", whole(), "If-Unmodified-Since: " + DATED_HTTP),
                rule("If-Unmodified-Since not a date is ignored", "/dated.txt", whole(), "If-Unmodified-Since: soon"));
    }

    /** RFC 9110 section 13.2.2: If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since. */
    static Stream<Rule> precedence() {
        return Stream.of(
                rule(
                        "failed If-Match wins over matching If-None-Match",
                        "/dated.txt",
                        status(412),
                        "If-Match: \"x\"",
                        "If-None-Match: {etag}"),
                rule(
                        "If-Match makes If-Unmodified-Since ignored",
                        "/dated.txt",
                        whole(),
                        "If-Match: {etag}",
                        "If-Unmodified-Since: " + BEFORE_DATED),
                rule(
                        "failed If-Unmodified-Since wins over matching If-None-Match",
                        "/dated.txt",
                        status(412),
                        "If-Unmodified-Since: " + BEFORE_DATED,
                        "If-None-Match: {etag}"),
                rule(
                        "If-None-Match makes If-Modified-Since ignored",
                        "/dated.txt",
                        whole(),
                        "If-None-Match: \"x\"",
                        "If-Modified-Since: " + DATED_HTTP),
                rule(
                        "matching If-None-Match gives 304 whatever If-Modified-Since says",
                        "/dated.txt",
                        notModified(),
                        "If-None-Match: {etag}",
                        "If-Modified-Since: " + BEFORE_DATED),
                rule(
                        "a 304 comes before the Range",
                        "/dated.txt",
                        notModified(),
                        "If-None-Match: {etag}",
                        "Range: bytes=0-1"),
                rule("a 412 comes before the Range", "/dated.txt", status(412), "If-Match: \"x\"", "Range: bytes=0-1"),
                rule(
                        "a passing If-Match lets the Range through",
                        "/dated.txt",
                        partial(0, 1),
                        "If-Match: {etag}",
                        "Range: bytes=0-1"));
    }

    static Stream<Rule> singleRanges() {
        return Stream.of(
                rule("first-last", "/a.txt", partial(2, 4), "Range: bytes=2-4"),
                rule("first-", "/a.txt", partial(7, 9), "Range: bytes=7-"),
                rule("suffix -n", "/a.txt", partial(7, 9), "Range: bytes=-3"),
                rule("suffix longer than the file", "/a.txt", partial(0, 9), "Range: bytes=-20"),
                rule("last past the end is clamped", "/a.txt", partial(5, 9), "Range: bytes=5-100"),
                rule("one byte", "/a.txt", partial(0, 0), "Range: bytes=0-0"),
                rule("unit in capitals", "/a.txt", partial(1, 2), "Range: BYTES=1-2"),
                rule("one satisfiable among unsatisfiable", "/a.txt", partial(0, 1), "Range: bytes=20-30, 0-1"),
                rule("inside a large file", "/big.bin", partial(1000, 524287), "Range: bytes=1000-524287"),
                rule("first past the end", "/a.txt", unsatisfiable(), "Range: bytes=10-"),
                rule("both past the end", "/a.txt", unsatisfiable(), "Range: bytes=20-30, 40-"),
                rule("empty suffix", "/a.txt", unsatisfiable(), "Range: bytes=-0"),
                rule("any range of an empty file", "/empty.txt", unsatisfiable(), "Range: bytes=0-"),
                rule(
                        "a last past 64 bits is clamped",
                        "/a.txt",
                        partial(3, 9),
                        "Range: bytes=3-99999999999999999999999"),
                rule(
                        "a suffix past 64 bits is the whole file",
                        "/a.txt",
                        partial(0, 9),
                        "Range: bytes=-99999999999999999999999"),
                rule(
                        "a first past 64 bits is past the end",
                        "/a.txt",
                        unsatisfiable(),
                        "Range: bytes=99999999999999999999999-"));
    }

    /** An invalid Range is ignored (issue #3 item 2, RFC 9110 section 14.2): 200 with the whole file. */
    static Stream<Rule> ignoredRanges() {
        return Stream.of(
                        "Range: bytes=abc",
                        "Range: items=0-1",
                        "Range: bytes=5-2",
                        "Range: bytes=",
                        "Range: bytes=-",
                        "Range: bytes 0-1",
                        "Range: bytes=1-2-3",
                        "Range: bytes=0x1-2",
                        "Range: bytes=+1-2")
                .map(field -> rule("invalid " + field, "/a.txt", whole(), field));
    }

    static Stream<Rule> repeatedRange() {
        return Stream.of(
                rule("Range sent twice is ignored", "/a.txt", whole(), "Range: bytes=0-1", "Range: bytes=2-3"));
    }

    static Stream<Rule> multipleRanges() {
        String seventeen = String.join(",", Collections.nCopies(17, "0-0"));
        String sixteenWhole = String.join(",", Collections.nCopies(16, "0-"));
        String sixteenApart = String.join(
                ",",
                IntStream.range(0, 16)
                        .mapToObj(i -> i * 4096 + "-" + (i * 4096 + 9))
                        .toList());
        return Stream.of(
                rule("two ranges as multipart/byteranges", "/a.txt", multipart(0, 1, 5, 6), "Range: bytes=0-1,5-6"),
                rule(
                        "parts keep the asked order",
                        "/big.bin",
                        multipart(1000, 1099, 0, 99, 1048476, 1048575),
                        "Range: bytes=1000-1099,0-99,-100"),
                rule("overlapping ranges coalesce", "/a.txt", partial(0, 6), "Range: bytes=0-4,2-6"),
                rule("touching ranges coalesce", "/a.txt", partial(0, 3), "Range: bytes=0-1,2-3"),
                rule("ranges adding up to more than the file", "/a.txt", partial(0, 9), "Range: bytes=0-5,3-9,1-8"),
                rule(
                        "sixteen whole-file ranges send the file once",
                        "/big.bin",
                        partial(0, 1048575),
                        "Range: bytes=" + sixteenWhole),
                rule("sixteen ranges apart", "/big.bin", sixteenParts(), "Range: bytes=" + sixteenApart),
                rule(
                        "more ranges than allowed are refused: whole file",
                        "/a.txt",
                        whole(),
                        "Range: bytes=" + seventeen));
    }

    static Stream<Rule> ifRange() {
        return Stream.of(
                rule(
                        "If-Range with the current tag",
                        "/dated.txt",
                        partial(2, 4),
                        "If-Range: {etag}",
                        "Range: bytes=2-4"),
                rule("If-Range with another tag", "/dated.txt", whole(), "If-Range: \"x\"", "Range: bytes=2-4"),
                rule("If-Range with a weak tag", "/dated.txt", whole(), "If-Range: {weak}", "Range: bytes=2-4"),
                rule("If-Range with Last-Modified", "/dated.txt", partial(2, 4), "If-Range: {lm}", "Range: bytes=2-4"),
                rule(
                        "If-Range with another date",
                        "/dated.txt",
                        whole(),
                        "If-Range: " + AFTER_DATED,
                        "Range: bytes=2-4"),
                rule("If-Range neither tag nor date", "/dated.txt", whole(), "If-Range: junk", "Range: bytes=2-4"),
                rule(
                        "If-Range with another tag and an unsatisfiable Range",
                        "/dated.txt",
                        whole(),
                        "If-Range: \"x\"",
                        "Range: bytes=50-"));
    }

    static Stream<Rule> directories() {
        return Stream.of(
                rule("a directory without its slash moves to it", "/sub", redirect("/sub/")),
                rule("the move keeps the query", "/sub?x=1&y=%2F", redirect("/sub/?x=1&y=%2F")),
                rule("a nested directory keeps its path", "/evil.example", redirect("/evil.example/")),
                rule("an encoded name stays encoded in the Location", "/my%20dir", redirect("/my%20dir/")),
                rule("a directory with its slash serves index.html", "/sub/", (r, res) -> {
                    assertEquals(200, r.status());
                    assertEquals("<h1>sub</h1>\n", r.text());
                    assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
                }),
                rule("listing is off by default", "/docs/", notFound()),
                rule("a missing file gets 404.html as its body", "/no-such-file", notFound()),
                rule("no precondition turns a 404 into a 412", "/no-such-file", notFound(), "If-Match: *"),
                rule("no precondition turns a 404 into a 304", "/no-such-file", notFound(), "If-None-Match: *"),
                rule("a file named with a trailing slash is missing", "/a.txt/", notFound()));
    }

    /** Issue #3 item 5: the defaults never serve these; the 404 body is the same as for any missing file. */
    static Stream<Rule> neverServed() {
        return Stream.of(
                        "/.env",
                        "/.htpasswd",
                        "/.git/config",
                        "/.git/",
                        "/.git",
                        "/sub/.hidden",
                        "/%2eenv",
                        "/link-hidden",
                        "/pipe",
                        "/dev-link",
                        "/link-out")
                .map(target -> rule(target + " is not served", target, notFound()));
    }

    /**
     * Ways to spell a path out of the root (cases C31, C32, C34 and issue #3 item 5): a list that
     * grows. Each must be refused (400 or 404) without a byte of the secret.
     */
    static Stream<Rule> traversalSpellings() {
        return Stream.of(
                        "/../outside/secret.txt",
                        "/%2e%2e/outside/secret.txt",
                        "/%2E%2e/%2e%2E/outside/secret.txt",
                        "/sub/%2e%2e/%2e%2e/outside/secret.txt",
                        "/.%2e/outside/secret.txt",
                        "/%2e./outside/secret.txt",
                        "/%252e%252e/outside/secret.txt",
                        "/%25252e%25252e/outside/secret.txt",
                        "/..%2foutside%2fsecret.txt",
                        "/sub%2f..%2f..%2foutside%2fsecret.txt",
                        "/%2e%2e%2f%2e%2e%2foutside/secret.txt",
                        "/..%5coutside%5csecret.txt",
                        "/..\\outside\\secret.txt",
                        "/sub/..\\..\\outside\\secret.txt",
                        "/%c0%ae%c0%ae/outside/secret.txt",
                        "/%e0%80%ae%e0%80%ae/outside/secret.txt",
                        "/%c0%af..%c0%afoutside/secret.txt",
                        "/..%c0%afoutside%c0%afsecret.txt",
                        "/%2e%2e%00/outside/secret.txt",
                        "/a.txt%00.html",
                        "/..;/outside/secret.txt",
                        "/sub/../../outside/secret.txt",
                        "/./../outside/secret.txt",
                        "//../outside/secret.txt",
                        "/link-out",
                        "/link-out/",
                        "/%6c%69%6e%6b-out",
                        "https://localhost/../outside/secret.txt",
                        "https://localhost/%2e%2e/outside/secret.txt")
                .map(target -> rule(target, target, refused()));
    }

    static Stream<Rule> insideTheRoot() {
        return Stream.of(
                rule("dot segments inside the root resolve", "/sub/../a.txt", bodyIs(TEN)),
                rule("encoded dot segments inside the root resolve", "/sub/%2e%2e/a.txt", bodyIs(TEN)),
                rule("a link inside the root is followed", "/link-in", bodyIs(TEN)),
                rule("an encoded name is decoded once", "/%61.txt", bodyIs(TEN)));
    }

    // ---- the runner ----

    @ParameterizedTest(name = "{0}")
    @MethodSource({"validators", "precedence"})
    void validatorsAndConditionalRequests(Rule rule) throws IOException {
        run(server, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"singleRanges", "ignoredRanges", "repeatedRange", "multipleRanges", "ifRange"})
    void byteRanges(Rule rule) throws IOException {
        run(server, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directories")
    void directoriesAndMissingFiles(Rule rule) throws IOException {
        run(server, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"neverServed", "traversalSpellings", "insideTheRoot"})
    void whatIsNeverServed(Rule rule) throws IOException {
        run(server, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"acceptEncodingTable", "siblings"})
    void compression(Rule rule) throws IOException {
        run(server, rule);
    }

    /**
     * Sends the row as HEAD and GET on one connection, checks the GET against the row and the HEAD
     * against its GET: the same status and fields, ranges included (issue #3 item 3).
     */
    static void run(RunningServer on, Rule rule) throws IOException {
        run(on, rule, "no-cache");
    }

    static void run(RunningServer on, Rule rule, String cacheControl) throws IOException {
        Resource resource = resource(on, rule.target());
        List<String> fields = new ArrayList<>();
        for (String field : rule.fields()) {
            fields.add(field.replace("{etag}", String.valueOf(resource.etag()))
                    .replace("{weak}", "W/" + resource.etag())
                    .replace("{lm}", String.valueOf(resource.lastModified())));
        }
        Request get = new Request("GET", rule.target(), fields);
        List<Reply> replies = RawHttp.exchange(on.port(), List.of(get.as("HEAD"), get));
        rule.expect().check(replies.get(1), resource);
        headersEveryAnswerCarries(replies.get(1), cacheControl);
        assertEquals(replies.get(1).mirrored(), replies.get(0).mirrored(), "HEAD mirrors GET");
    }

    private static Resource resource(RunningServer on, String target) throws IOException {
        Reply plain = RawHttp.get(on.port(), target);
        return new Resource(
                plain.body(), plain.header("ETag"), plain.header("Last-Modified"), plain.header("Content-Type"));
    }

    /** Issue #3 item 7, on every answer of every row. */
    private static void headersEveryAnswerCarries(Reply reply, String cacheControl) {
        assertEquals("nioserve", reply.header("Server"), "the Server field names no version by default");
        if (List.of(200, 206, 304).contains(reply.status())) {
            assertEquals(cacheControl, reply.header("Cache-Control"));
        }
        if (reply.status() != 301) {
            assertEquals("nosniff", reply.header("X-Content-Type-Options"));
        }
    }

    // ---- expectations ----

    static Expect status(int status) {
        return (r, res) -> assertEquals(status, r.status());
    }

    static Expect whole() {
        return (r, res) -> {
            assertEquals(200, r.status());
            assertArrayEquals(res.content(), r.body());
            assertEquals("bytes", r.header("Accept-Ranges"));
            assertNull(r.header("Content-Range"));
            assertEquals(res.etag(), r.header("ETag"));
        };
    }

    static Expect withValidators() {
        return (r, res) -> {
            whole().check(r, res);
            assertTrue(r.header("ETag").matches("\"[!#-~]*\""), "strong: " + r.header("ETag"));
            assertTrue(r.header("Last-Modified").endsWith(" GMT"), r.header("Last-Modified"));
        };
    }

    static Expect bodyIs(String text) {
        return (r, res) -> {
            assertEquals(200, r.status());
            assertEquals(text, r.text());
        };
    }

    /** RFC 9110 section 15.4.5: the validators a 200 would carry, and no body. */
    static Expect notModified() {
        return (r, res) -> {
            assertEquals(304, r.status());
            assertEquals(res.etag(), r.header("ETag"));
            assertEquals(res.lastModified(), r.header("Last-Modified"));
            assertEquals(0, r.body().length);
        };
    }

    static Expect partial(long first, long last) {
        return (r, res) -> {
            assertEquals(206, r.status());
            assertEquals("bytes " + first + "-" + last + "/" + res.content().length, r.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(res.content(), (int) first, (int) last + 1), r.body());
            assertEquals(res.etag(), r.header("ETag"));
            assertEquals("bytes", r.header("Accept-Ranges"));
        };
    }

    static Expect unsatisfiable() {
        return (r, res) -> {
            assertEquals(416, r.status());
            assertEquals("bytes */" + res.content().length, r.header("Content-Range"));
        };
    }

    /** Spans given as first, last, first, last...: the parts, in that order, each with its bytes. */
    static Expect multipart(long... spans) {
        return (r, res) -> {
            assertEquals(206, r.status());
            List<Part> parts = RawHttp.parts(r);
            assertEquals(spans.length / 2, parts.size());
            for (int i = 0; i < parts.size(); i++) {
                long first = spans[2 * i];
                long last = spans[2 * i + 1];
                Part part = parts.get(i);
                assertEquals("bytes " + first + "-" + last + "/" + res.content().length, part.contentRange());
                assertEquals(res.type(), part.contentType());
                assertArrayEquals(Arrays.copyOfRange(res.content(), (int) first, (int) last + 1), part.bytes());
            }
            assertNull(r.header("Content-Range"), "a multipart answer has its ranges in the parts");
        };
    }

    /** Sixteen ranges of ten bytes, 4 KiB apart: sixteen parts, and an answer not much larger than they are. */
    static Expect sixteenParts() {
        long[] spans = new long[32];
        for (int i = 0; i < 16; i++) {
            spans[2 * i] = i * 4096L;
            spans[2 * i + 1] = i * 4096L + 9;
        }
        Expect parts = multipart(spans);
        return (r, res) -> {
            parts.check(r, res);
            assertTrue(r.body().length < 160 + 16 * 200, "answer of " + r.body().length + " bytes");
        };
    }

    static Expect redirect(String location) {
        return (r, res) -> {
            assertEquals(301, r.status());
            assertEquals(location, r.header("Location"));
        };
    }

    static Expect notFound() {
        return (r, res) -> {
            assertEquals(404, r.status());
            assertEquals(NOT_FOUND_PAGE, r.text());
            assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        };
    }

    static Expect refused() {
        return (r, res) -> {
            assertTrue(r.status() == 400 || r.status() == 404, "status " + r.status());
            assertFalse(new String(r.body(), StandardCharsets.ISO_8859_1).contains("TOPSECRET"));
        };
    }

    // ---- compression ----

    /** Case C60's table against page.html, 4 KiB of text with no sibling: gzip on the fly or identity. */
    static Stream<Rule> acceptEncodingTable() {
        return Stream.of(
                coded("gzip", "gzip"),
                coded("gzip;q=0", null),
                coded("GZIP", "gzip"),
                coded("br;q=0, gzip", "gzip"),
                coded("gzip;q=0.5, br", "gzip"),
                coded("*;q=0", null),
                coded("identity;q=0", null),
                coded("identity;q=0, *;q=0", null),
                coded("x-gzip", "gzip"),
                coded("nogzip", null),
                coded("gzip;q=abc", null),
                coded("gzip;q=1.5", null),
                coded("gzip;q=0.001", "gzip"),
                coded("*", "gzip"),
                coded("deflate, gzip;q=0.2", "gzip"),
                coded("br", null),
                coded("", null),
                coded("gzip;q=0, *", null),
                coded("*;q=0, gzip", "gzip"),
                coded("identity;q=0, gzip;q=0", null),
                rule(
                        "Accept-Encoding over two lines",
                        "/page.html",
                        gzipped(),
                        "Accept-Encoding: br;q=0",
                        "Accept-Encoding: gzip"),
                rule("text of 1023 bytes is not gzipped", "/1023.txt", plain(), "Accept-Encoding: gzip"),
                rule("text of 1024 bytes is gzipped", "/1024.txt", gzipped(), "Accept-Encoding: gzip"),
                rule("no Accept-Encoding: identity", "/page.html", identity()));
    }

    private static Rule coded(String acceptEncoding, String coding) {
        String name = "Accept-Encoding: '" + acceptEncoding + "' gives " + (coding == null ? "identity" : coding);
        return rule(name, "/page.html", coding == null ? identity() : gzipped(), "Accept-Encoding: " + acceptEncoding);
    }

    static Stream<Rule> siblings() {
        return Stream.of(
                rule("br sibling for br", "/style.css", sibling("br", () -> styleBr), "Accept-Encoding: br"),
                rule(
                        "gz sibling for gzip, not a gzip made on the fly",
                        "/style.css",
                        sibling("gzip", () -> styleGz),
                        "Accept-Encoding: gzip"),
                rule(
                        "C60: 'gzip;q=0.5, br' gives br when br is there",
                        "/style.css",
                        sibling("br", () -> styleBr),
                        "Accept-Encoding: gzip;q=0.5, br"),
                rule(
                        "C60: 'GZIP' gives the gz sibling",
                        "/style.css",
                        sibling("gzip", () -> styleGz),
                        "Accept-Encoding: GZIP"),
                rule(
                        "C60: 'x-gzip' gives the gz sibling",
                        "/style.css",
                        sibling("gzip", () -> styleGz),
                        "Accept-Encoding: x-gzip"),
                rule("C60: '*;q=0' gives identity", "/style.css", identity(), "Accept-Encoding: *;q=0"),
                rule("C60: 'nogzip' gives identity", "/style.css", identity(), "Accept-Encoding: nogzip"),
                rule(
                        "br preferred on equal q",
                        "/style.css",
                        sibling("br", () -> styleBr),
                        "Accept-Encoding: gzip, br"),
                rule("higher q wins", "/style.css", sibling("gzip", () -> styleGz), "Accept-Encoding: br;q=0.5, gzip"),
                rule("q=0 refuses br", "/style.css", sibling("gzip", () -> styleGz), "Accept-Encoding: br;q=0, gzip"),
                rule("both refused: identity", "/style.css", identity(), "Accept-Encoding: br;q=0, gzip;q=0"),
                rule(
                        "a sibling whatever the size",
                        "/tiny.txt",
                        sibling("gzip", () -> tinyGz),
                        "Accept-Encoding: gzip"),
                rule("a sibling older than the file is stale", "/old.css", plain(), "Accept-Encoding: gzip"),
                rule("small text is not gzipped", "/a.txt", plain(), "Accept-Encoding: gzip"),
                rule("compressed types are not gzipped", "/logo.png", plain(), "Accept-Encoding: gzip"),
                rule(
                        "a Range is cut from the file's own bytes",
                        "/page.html",
                        (r, res) -> {
                            partial(0, 99).check(r, res);
                            assertNull(r.header("Content-Encoding"));
                            assertEquals("Accept-Encoding", r.header("Vary"));
                        },
                        "Accept-Encoding: gzip",
                        "Range: bytes=0-99"),
                rule(
                        "a 304 for the identity tag names Vary",
                        "/page.html",
                        (r, res) -> {
                            notModified().check(r, res);
                            assertEquals("Accept-Encoding", r.header("Vary"));
                        },
                        "If-None-Match: {etag}"),
                rule(
                        "a 412 for a resource with variants names Vary",
                        "/page.html",
                        (r, res) -> {
                            assertEquals(412, r.status());
                            assertEquals("Accept-Encoding", r.header("Vary"));
                        },
                        "If-Match: \"x\""),
                rule(
                        "a 416 for a resource with variants names Vary",
                        "/page.html",
                        (r, res) -> {
                            unsatisfiable().check(r, res);
                            assertEquals("Accept-Encoding", r.header("Vary"));
                        },
                        "Range: bytes=99999-"),
                rule(
                        "the identity tag does not revalidate the gzip",
                        "/page.html",
                        gzipped(),
                        "Accept-Encoding: gzip",
                        "If-None-Match: {etag}"));
    }

    /** The file's own bytes, its identity tag, and Vary because other codings exist. */
    static Expect identity() {
        return (r, res) -> {
            whole().check(r, res);
            assertNull(r.header("Content-Encoding"));
            assertEquals("Accept-Encoding", r.header("Vary"));
        };
    }

    /** The file's own bytes and no Vary: it has no encoded variant. */
    static Expect plain() {
        return (r, res) -> {
            whole().check(r, res);
            assertNull(r.header("Content-Encoding"));
            assertNull(r.header("Vary"));
        };
    }

    static Expect gzipped() {
        return (r, res) -> {
            assertEquals(200, r.status());
            assertEquals("gzip", r.header("Content-Encoding"));
            assertArrayEquals(res.content(), gunzip(r.body()));
            assertEquals("Accept-Encoding", r.header("Vary"));
            assertTrue(r.header("ETag").startsWith("\""), "strong: " + r.header("ETag"));
            assertNotEquals(res.etag(), r.header("ETag"), "each coding has its own tag");
        };
    }

    static Expect sibling(String coding, java.util.function.Supplier<byte[]> bytes) {
        return (r, res) -> {
            assertEquals(200, r.status());
            assertEquals(coding, r.header("Content-Encoding"));
            assertArrayEquals(bytes.get(), r.body());
            assertEquals("Accept-Encoding", r.header("Vary"));
            assertEquals(res.type(), r.header("Content-Type"), "the type of the file, not of the coding");
            assertNotEquals(res.etag(), r.header("ETag"), "each coding has its own tag");
        };
    }

    // ---- the rules that need a single test ----

    @Test
    void theGzipAndBrVariantsHaveTagsOfTheirOwnThatRevalidate() throws IOException {
        String identity = RawHttp.get(server.port(), "/style.css").header("ETag");
        String gzip = RawHttp.get(server.port(), "/style.css", "Accept-Encoding: gzip")
                .header("ETag");
        String br =
                RawHttp.get(server.port(), "/style.css", "Accept-Encoding: br").header("ETag");
        assertEquals(3, List.of(identity, gzip, br).stream().distinct().count());
        Reply revalidated = RawHttp.get(server.port(), "/style.css", "Accept-Encoding: gzip", "If-None-Match: " + gzip);
        assertEquals(304, revalidated.status());
        assertEquals(gzip, revalidated.header("ETag"));
        assertEquals("Accept-Encoding", revalidated.header("Vary"));
    }

    @Test
    void aFifoIsReportedMissingAndDoesNotStallTheLoop() throws IOException {
        List<Reply> replies = RawHttp.exchange(
                server.port(), List.of(Request.get("/pipe"), Request.get("/a.txt"), Request.get("/pipe")));
        assertEquals(List.of(404, 200, 404), replies.stream().map(Reply::status).toList());
        assertEquals(TEN, replies.get(1).text());
    }

    @Test
    void headOfTheTimePageSendsItsFieldsAndNoBody() throws IOException {
        List<Reply> replies =
                RawHttp.exchange(server.port(), List.of(Request.get("/time").as("HEAD"), Request.get("/time")));
        assertEquals(200, replies.get(0).status());
        assertEquals(replies.get(1).header("Content-Type"), replies.get(0).header("Content-Type"));
        assertEquals(replies.get(1).header("Content-Length"), replies.get(0).header("Content-Length"));
        assertTrue(replies.get(1).text().startsWith("Local time is: "));
    }

    /** Issue #3 item 8: the cache holds a version of a file; a new size or mtime is a new version. */
    @Test
    void theSmallFileCacheAnswersNewContentOnceTheSizeOrMtimeChanges() throws IOException {
        Path hot = server.root().resolve("hot.txt");
        Files.writeString(hot, "first");
        Files.setLastModifiedTime(hot, FileTime.from(DATED));
        assertEquals("first", RawHttp.get(server.port(), "/hot.txt").text());
        assertEquals("first", RawHttp.get(server.port(), "/hot.txt").text());

        Files.writeString(hot, "second, longer");
        Files.setLastModifiedTime(hot, FileTime.from(DATED));
        assertEquals("second, longer", RawHttp.get(server.port(), "/hot.txt").text());

        Files.writeString(hot, "THIRD, LONGER!");
        Files.setLastModifiedTime(hot, FileTime.from(DATED.plusSeconds(5)));
        Reply third = RawHttp.get(server.port(), "/hot.txt");
        assertEquals("THIRD, LONGER!", third.text());
        assertEquals("Wed, 01 Jan 2020 00:00:05 GMT", third.header("Last-Modified"));
    }

    /**
     * Issue #3 item 8 seen from outside: a small file rewritten in place with its size and mtime
     * kept is still answered from memory, while a file past the small-file limit is read from disk
     * on every request, and so is every file when --file-cache is 0.
     */
    @Test
    void smallFilesComeFromMemoryAndLargeOnesFromDisk() throws IOException {
        assertEquals("A".repeat(4), rewrittenInPlace(server, "small.txt", 4));
        assertEquals("B".repeat(100_000), rewrittenInPlace(server, "large.txt", 100_000));
        try (RunningServer uncached = startWith(options -> options.smallFileCache(64 * 1024, 0))) {
            assertEquals("B".repeat(4), rewrittenInPlace(uncached, "small.txt", 4));
            uncached.awaitQuiet();
        }
    }

    /** Serves a file of A's, rewrites it as B's of the same size and mtime, and returns what a second GET sends. */
    private static String rewrittenInPlace(RunningServer on, String name, int size) throws IOException {
        Path file = on.root().resolve(name);
        writeDated(file, "A".repeat(size).getBytes(StandardCharsets.US_ASCII));
        assertEquals("A".repeat(size), RawHttp.get(on.port(), "/" + name).text());
        writeDated(file, "B".repeat(size).getBytes(StandardCharsets.US_ASCII));
        return RawHttp.get(on.port(), "/" + name).text();
    }

    /** Issue #3 item 7: the version is named only when asked (--server-version). */
    @Test
    void theServerFieldNamesTheVersionWhenAsked() throws IOException {
        Settings.Policy versioned = new Settings.Policy(null, Settings.PlainHttp.REDIRECT, true);
        try (RunningServer named = RunningServer.start(s -> new Settings(
                s.host(),
                s.port(),
                s.root(),
                s.tls(),
                s.limits(),
                s.timeouts(),
                s.connections(),
                s.files(),
                versioned))) {
            String field = RawHttp.get(named.port(), "/a.txt").header("Server");
            assertTrue(field.matches("nioserve/\\d+\\.\\d+.*"), field);
        }
    }

    /** The gzip made on the fly is a cache of the file's bytes too, and drops with them. */
    @Test
    void theGzipMadeOnTheFlyFollowsTheFileWhenItChanges() throws IOException {
        Path page = server.root().resolve("changing.html");
        byte[] first = text(3000);
        writeDated(page, first);
        assertArrayEquals(
                first,
                gunzip(RawHttp.get(server.port(), "/changing.html", "Accept-Encoding: gzip")
                        .body()));
        byte[] second = Arrays.copyOf(first, first.length);
        second[0] = 'X';
        Files.write(page, second);
        Files.setLastModifiedTime(page, FileTime.from(DATED.plusSeconds(1)));
        assertArrayEquals(
                second,
                gunzip(RawHttp.get(server.port(), "/changing.html", "Accept-Encoding: gzip")
                        .body()));
    }

    // ---- the options ----

    /** Issue #3 item 4: with --list-dirs, a directory without index.html is listed. */
    @Test
    void listingOnShowsEntriesSortedEscapedAndSizedAndHidesWhatIsNotServed() throws IOException {
        try (RunningServer listing = startWith(options -> options.directoryListing(true))) {
            Path docs = Files.createDirectories(listing.root().resolve("docs"));
            Files.createDirectories(docs.resolve("a dir"));
            writeDated(docs.resolve("b.txt"), text(1234));
            writeDated(docs.resolve("c.txt"), text(5));
            writeDated(docs.resolve("<script>x&y.html"), text(7));
            writeDated(docs.resolve("café #1?.txt"), text(9));
            Files.writeString(docs.resolve(".hidden"), "no");
            Files.createSymbolicLink(docs.resolve("out-link"), Path.of("../../outside/secret.txt"));
            assertEquals(
                    0,
                    Command.run(10, "mkfifo", docs.resolve("pipe").toString()).exitCode());

            run(listing, rule("listing", "/docs/", (r, res) -> {
                assertEquals(200, r.status());
                assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
                String page = r.text();
                assertTrue(page.contains("&lt;script&gt;x&amp;y.html"), page);
                assertFalse(page.contains("<script>"), "a name is shown, never run");
                assertTrue(page.contains("href=\"./a%20dir/\""), page);
                int dir = page.indexOf("a dir/");
                int script = page.indexOf("&lt;script");
                int b = page.indexOf(">b.txt<");
                int c = page.indexOf(">c.txt<");
                assertTrue(dir < script && script < b && b < c, "directories first, then by name: " + page);
                assertTrue(page.substring(b, c).contains("1234"), "size of b.txt");
                assertTrue(page.substring(b, c).contains("2020-01-01 00:00"), "date of b.txt");
                for (String unlisted : List.of(".hidden", "pipe", "out-link")) {
                    assertFalse(page.contains(unlisted), unlisted + " is listed");
                }
                everyLinkAnswers(listing, page);
            }));
            run(listing, rule("a directory with an index is not listed", "/sub/", bodyIs("<h1>sub</h1>\n")));
            listing.awaitQuiet();
        }
    }

    /** Each href of the listing, unescaped from HTML and resolved against /docs/, reaches what it names. */
    private static void everyLinkAnswers(RunningServer listing, String page) throws IOException {
        java.util.regex.Matcher href =
                java.util.regex.Pattern.compile("href=\"([^\"]*)\"").matcher(page);
        int links = 0;
        while (href.find()) {
            String target = java.net
                    .URI
                    .create("/docs/")
                    .resolve(href.group(1).replace("&amp;", "&"))
                    .toString();
            assertEquals(200, RawHttp.get(listing.port(), target).status(), target);
            links++;
        }
        assertEquals(6, links, "../, a dir/, and four files");
    }

    @Test
    void dotfilesAreServedOnlyWithTheOption() throws IOException {
        try (RunningServer dotfiles = startWith(options -> options.dotfiles(true))) {
            Files.writeString(dotfiles.root().resolve(".env"), "SECRET=1\n");
            Files.createDirectories(dotfiles.root().resolve(".well-known"));
            Files.writeString(dotfiles.root().resolve(".well-known/security.txt"), "Contact: x\n");
            run(dotfiles, rule("dotfile", "/.env", bodyIs("SECRET=1\n")));
            run(dotfiles, rule("dot-directory", "/.well-known/security.txt", bodyIs("Contact: x\n")));
            run(dotfiles, rule("still inside the root", "/.%2e/outside/secret.txt", refused()));
            dotfiles.awaitQuiet();
        }
    }

    /**
     * Issue #3 item 5 and case C34: a link out of the root is served only with --follow-symlinks,
     * and never to a device.
     */
    @Test
    void linksOutOfTheRootAreFollowedOnlyWithTheOptionAndNeverToASpecialFile() throws IOException {
        try (RunningServer follow = startWith(options -> options.symlinksOutOfRoot(true))) {
            Files.createSymbolicLink(follow.root().resolve("dev-link"), Path.of("/dev/zero"));
            run(follow, rule("link out", "/link-out", bodyIs("TOPSECRET\n")));
            run(follow, rule("link to a device", "/dev-link", status(404)));
            run(follow, rule("dot segments still refused", "/%2e%2e/outside/secret.txt", refused()));
            follow.awaitQuiet();
        }
    }

    @Test
    void noCompressionSendsTheFilesOwnBytesWithoutVary() throws IOException {
        try (RunningServer off = startWith(options -> options.compression(false))) {
            Path root = off.root();
            writeDated(root.resolve("page.html"), text(4096));
            writeDated(root.resolve("style.css"), text(2048));
            writeDated(root.resolve("style.css.gz"), gzip(text(2048)));
            run(off, rule("no gzip on the fly", "/page.html", plain(), "Accept-Encoding: gzip"));
            run(off, rule("no sibling", "/style.css", plain(), "Accept-Encoding: gzip, br"));
            off.awaitQuiet();
        }
    }

    @Test
    void cacheControlIsConfigurable() throws IOException {
        String value = "public, max-age=600";
        try (RunningServer cached = startWith(options -> options.cacheControl(value))) {
            run(cached, rule("200", "/a.txt", bodyIs(TEN)), value);
            run(cached, rule("206", "/a.txt", partial(0, 1), "Range: bytes=0-1"), value);
            run(cached, rule("304", "/a.txt", notModified(), "If-None-Match: {etag}"), value);
            cached.awaitQuiet();
        }
    }

    private static RunningServer startWith(java.util.function.UnaryOperator<FileOptions.Builder> options) {
        FileOptions files = options.apply(FileOptions.builder()).build();
        return RunningServer.start(s -> new Settings(
                s.host(), s.port(), s.root(), s.tls(), s.limits(), s.timeouts(), s.connections(), files, s.policy()));
    }

    // ---- fixtures ----

    private static void writeDated(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(DATED));
    }

    /** Words that compress well, deterministic, of exactly {@code length} bytes. */
    static byte[] text(int length) {
        String[] words = {"static ", "files ", "the way ", "browsers ", "caches ", "expect ", "<p>", "</p>\n"};
        StringBuilder out = new StringBuilder(length + 16);
        Random random = new Random(length);
        while (out.length() < length) {
            out.append(words[random.nextInt(words.length)]);
        }
        return out.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] input) throws IOException {
        try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(input))) {
            return zip.readAllBytes();
        }
    }
}
