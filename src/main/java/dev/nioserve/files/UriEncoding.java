package dev.nioserve.files;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one path segment for the links and Locations the server writes itself. */
final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {}

    /**
     * Appends the segment with every byte outside RFC 3986's unreserved set and a few harmless
     * sub-delimiters encoded. '/', '?', '#', '%', ';', '&', quotes and ':' are always encoded, so the
     * result can never open a new segment, a query, a scheme, or an HTML attribute.
     */
    static void appendSegment(StringBuilder out, String segment) {
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isKept(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static boolean isKept(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '!'
                || c == '$'
                || c == '('
                || c == ')'
                || c == '*'
                || c == '+'
                || c == ','
                || c == '='
                || c == '@';
    }
}
