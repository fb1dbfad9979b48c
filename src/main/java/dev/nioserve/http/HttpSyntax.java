package dev.nioserve.http;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level rules of HTTP syntax (RFC 9110 section 5.6, RFC 9112), as predicates over a region
 * {@code [from, to)} of a byte array. Nothing here allocates or throws: callers decide the error.
 */
final class HttpSyntax {
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    /** tchar of RFC 9110 section 5.6.2. */
    private static final boolean[] TOKEN = new boolean[256];
    /** field-vchar, SP and HTAB of RFC 9110 section 5.5: every byte but controls and DEL. */
    private static final boolean[] FIELD_VALUE = new boolean[256];
    /** qdtext of RFC 9110 section 5.6.4: FIELD_VALUE without DQUOTE and backslash. */
    private static final boolean[] QDTEXT = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TOKEN[c] = true;
            TOKEN[c + ('a' - 'A')] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        FIELD_VALUE[HTAB] = true;
        for (int c = 0x20; c < 0x100; c++) {
            FIELD_VALUE[c] = c != 0x7F;
            QDTEXT[c] = FIELD_VALUE[c] && c != '"' && c != '\\';
        }
        QDTEXT[HTAB] = true;
    }

    private HttpSyntax() {}

    static boolean isTokenChar(byte b) {
        return TOKEN[b & 0xFF];
    }

    /** The end of the token starting at {@code from}: {@code from} itself when there is none. */
    static int tokenEnd(byte[] a, int from, int to) {
        int i = from;
        while (i < to && TOKEN[a[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    /** A non-empty token. */
    static boolean isToken(byte[] a, int from, int to) {
        return from < to && tokenEnd(a, from, to) == to;
    }

    /** Only bytes a field value may hold; empty is allowed. */
    static boolean isFieldValue(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!FIELD_VALUE[a[i] & 0xFF]) {
                return false;
            }
        }
        return true;
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    /** The first index at or after {@code from} that is not SP or HTAB (OWS and BWS). */
    static int skipWhitespace(byte[] a, int from, int to) {
        int i = from;
        while (i < to && isWhitespace(a[i])) {
            i++;
        }
        return i;
    }

    /** The end of the region once trailing SP and HTAB are cut off. */
    static int trimWhitespace(byte[] a, int from, int to) {
        int end = to;
        while (end > from && isWhitespace(a[end - 1])) {
            end--;
        }
        return end;
    }

    /** The index of the first {@code b} in the region, or -1. */
    static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the region spells {@code lower} in any case. {@code lower} holds only lowercase
     * letters and '-', and the region only token bytes, so folding with 0x20 cannot alias.
     */
    static boolean equalsIgnoreCase(byte[] a, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if ((a[from + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value of a hex digit, or -1 when {@code b} is not one. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /**
     * The index just past the quoted-string opening at {@code from} (RFC 9110 section 5.6.4), or
     * -1 when it is not one or does not close inside the region.
     */
    static int quotedStringEnd(byte[] a, int from, int to) {
        if (from >= to || a[from] != '"') {
            return -1;
        }
        for (int i = from + 1; i < to; i++) {
            byte b = a[i];
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\') {
                // quoted-pair: the escaped byte may be anything a field value may hold.
                i++;
                if (i == to || !FIELD_VALUE[a[i] & 0xFF]) {
                    return -1;
                }
            } else if (!QDTEXT[b & 0xFF]) {
                return -1;
            }
        }
        return -1;
    }

    /** The bytes of an ASCII constant. */
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
