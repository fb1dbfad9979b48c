package dev.nioserve.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The path of a request target after its one and only percent-decoding, checked and normalised.
 *
 * <p>The order is the safety argument, so it is fixed: split the raw path on its literal '/',
 * decode each segment once (RFC 3986 section 2.1), decode the bytes as strict UTF-8, check the
 * characters, then remove dot segments (RFC 3986 section 5.2.4) on the decoded names. Because
 * decoding happens exactly once, {@code %252e} stays the literal name {@code %2e}; because the
 * split comes first, an encoded {@code %2f} can never become a separator and is refused. Every
 * failure is {@link Refusal#BAD_PATH} (400), including a {@code ..} that would climb above the
 * root: we refuse it rather than clamp it, so a probe never silently lands on a real file.
 */
public final class RequestPath {
    /** The path "/" itself. */
    public static final RequestPath ROOT = new RequestPath(List.of(), true);

    /** Decoded names, root first; none is empty, ".", "..", or holds '/', '\\' or a control character. */
    private final List<String> segments;
    /** True when the path ends in '/' (or is the root): the client named a directory. */
    private final boolean endsWithSlash;

    private RequestPath(List<String> segments, boolean endsWithSlash) {
        this.segments = List.copyOf(segments);
        this.endsWithSlash = endsWithSlash;
    }

    /** A path the server names itself, such as {@code 404.html}; the names must already be valid. */
    public static RequestPath of(String... names) {
        return new RequestPath(Arrays.asList(names), false);
    }

    /**
     * Decodes and normalises the path part of an origin-form target (no query).
     *
     * @throws FileRefusal with {@link Refusal#BAD_PATH} when any rule in the class comment is broken
     */
    public static RequestPath parse(String rawPath) throws FileRefusal {
        checkRawShape(rawPath);
        List<String> names = new ArrayList<>();
        String[] rawSegments = rawPath.substring(1).split("/", -1);
        boolean endsWithSlash = true;
        for (String rawSegment : rawSegments) {
            String name = decodeSegment(rawSegment);
            // RFC 3986 section 5.2.4: a path ending in "." or ".." names the directory itself.
            endsWithSlash = name.isEmpty() || name.equals(".") || name.equals("..");
            if (name.equals("..")) {
                if (names.isEmpty()) {
                    throw bad();
                }
                names.remove(names.size() - 1);
            } else if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return new RequestPath(names, endsWithSlash || names.isEmpty());
    }

    public List<String> segments() {
        return segments;
    }

    public boolean endsWithSlash() {
        return endsWithSlash;
    }

    /** True when this is exactly the path of the given names, with no trailing slash. */
    public boolean is(String... names) {
        return !endsWithSlash && segments.equals(Arrays.asList(names));
    }

    /** The path percent-encoded again, as a Location or a link may carry it: never starts with "//". */
    public String toUri() {
        StringBuilder uri = new StringBuilder();
        for (String name : segments) {
            uri.append('/');
            UriEncoding.appendSegment(uri, name);
        }
        if (endsWithSlash) {
            uri.append('/');
        }
        return uri.toString();
    }

    /** A request target is visible US-ASCII (RFC 9112 section 3.2); anything else is refused before decoding. */
    private static void checkRawShape(String rawPath) throws FileRefusal {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw bad();
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw bad();
            }
        }
    }

    private static String decodeSegment(String rawSegment) throws FileRefusal {
        String name = decodeUtf8(percentDecode(rawSegment));
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // '/' can only come from %2f here; '\\' is a separator on some systems and in some proxies.
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw bad();
            }
        }
        return name;
    }

    private static byte[] percentDecode(String rawSegment) throws FileRefusal {
        byte[] bytes = new byte[rawSegment.length()];
        int count = 0;
        for (int i = 0; i < rawSegment.length(); i++) {
            char c = rawSegment.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawSegment.length()) {
                    throw bad();
                }
                int high = Character.digit(rawSegment.charAt(i + 1), 16);
                int low = Character.digit(rawSegment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw bad();
                }
                bytes[count++] = (byte) (high << 4 | low);
                i += 2;
            } else {
                bytes[count++] = (byte) c;
            }
        }
        return Arrays.copyOf(bytes, count);
    }

    /** Strict UTF-8: the JDK decoder refuses overlong forms, encoded surrogates and truncated sequences. */
    private static String decodeUtf8(byte[] bytes) throws FileRefusal {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw bad();
        }
    }

    private static FileRefusal bad() {
        return new FileRefusal(Refusal.BAD_PATH);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestPath that
                && endsWithSlash == that.endsWithSlash
                && segments.equals(that.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode() * 31 + Boolean.hashCode(endsWithSlash);
    }

    @Override
    public String toString() {
        return toUri();
    }
}
