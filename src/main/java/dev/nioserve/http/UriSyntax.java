package dev.nioserve.http;

/**
 * The parts of URI syntax (RFC 3986) a request head carries: the request target and the host and
 * port of Host or of an absolute-form target. Predicates over {@code [from, to)} that never
 * allocate or throw.
 */
final class UriSyntax {
    private static final byte[] HTTP = HttpSyntax.ascii("http://");
    private static final byte[] HTTPS = HttpSyntax.ascii("https://");
    private static final int MAX_PORT = 65535;

    /** Bytes a request target may hold: visible ASCII but '#', which starts a fragment no request carries. */
    private static final boolean[] TARGET = new boolean[256];
    /** reg-name bytes other than '%': unreserved and sub-delims (RFC 3986 section 3.2.2). */
    private static final boolean[] REG_NAME = new boolean[256];

    static {
        for (int c = 0x21; c < 0x7F; c++) {
            TARGET[c] = c != '#';
            REG_NAME[c] = Character.isLetterOrDigit(c);
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true;
        }
    }

    private UriSyntax() {}

    /**
     * Whether the region is a request target this server takes (RFC 9112 section 3.2):
     * origin-form, absolute-form with http or https and a valid authority, or the asterisk-form,
     * which is only for a server-wide OPTIONS (section 3.2.4).
     */
    static boolean isRequestTarget(byte[] a, int from, int to, boolean options) {
        if (from == to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!TARGET[a[i] & 0xFF]) {
                return false;
            }
        }
        if (a[from] == '/') {
            return true;
        }
        if (to - from == 1 && a[from] == '*') {
            return options;
        }
        int authority = authorityStart(a, from, to);
        return authority >= 0 && isHostPort(a, authority, authorityEnd(a, authority, to));
    }

    /** Where the authority of an http or https absolute-form starts, or -1 for any other form. */
    static int authorityStart(byte[] a, int from, int to) {
        if (startsWithIgnoreCase(a, from, to, HTTP)) {
            return from + HTTP.length;
        }
        if (startsWithIgnoreCase(a, from, to, HTTPS)) {
            return from + HTTPS.length;
        }
        return -1;
    }

    /** The end of an authority: the first '/' or '?' (RFC 3986 section 3.2), or the end. */
    private static int authorityEnd(byte[] a, int from, int to) {
        int i = from;
        while (i < to && a[i] != '/' && a[i] != '?') {
            i++;
        }
        return i;
    }

    private static boolean startsWithIgnoreCase(byte[] a, int from, int to, byte[] lower) {
        return to - from >= lower.length && HttpSyntax.equalsIgnoreCase(a, from, from + lower.length, lower);
    }

    /**
     * Whether the region is {@code uri-host [":" port]} as Host holds it (RFC 9110 section 7.2):
     * a non-empty reg-name or IPv4 address, or an IPv6 literal in brackets, then optionally a
     * colon and 1 to 5 digits up to 65535. Userinfo is refused (RFC 9110 section 4.2.4).
     */
    static boolean isHostPort(byte[] a, int from, int to) {
        int hostEnd;
        if (from < to && a[from] == '[') {
            int close = HttpSyntax.indexOf(a, from, to, (byte) ']');
            if (close < 0 || !isIpv6(a, from + 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = regNameEnd(a, from, to);
            if (hostEnd == from) {
                return false;
            }
        }
        return hostEnd == to || (a[hostEnd] == ':' && isPort(a, hostEnd + 1, to));
    }

    /** The end of the reg-name (which also covers IPv4 addresses) starting at {@code from}. */
    private static int regNameEnd(byte[] a, int from, int to) {
        int i = from;
        while (i < to) {
            if (a[i] == '%') {
                if (i + 2 >= to || HttpSyntax.hexValue(a[i + 1]) < 0 || HttpSyntax.hexValue(a[i + 2]) < 0) {
                    return i;
                }
                i += 3;
            } else if (REG_NAME[a[i] & 0xFF]) {
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    private static boolean isPort(byte[] a, int from, int to) {
        if (from == to || to - from > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            if (!HttpSyntax.isDigit(a[i])) {
                return false;
            }
            port = port * 10 + a[i] - '0';
        }
        return port <= MAX_PORT;
    }

    /**
     * Whether the region is an IPv6 address (RFC 4291 section 2.2): eight groups of 1 to 4 hex
     * digits, or fewer around one "::", the last two groups optionally written as IPv4.
     */
    static boolean isIpv6(byte[] a, int from, int to) {
        int groups = 0;
        boolean elided = false;
        int i = from;
        if (to - from >= 2 && a[i] == ':' && a[i + 1] == ':') {
            elided = true;
            i += 2;
        }
        while (i < to) {
            int groupEnd = hexGroupEnd(a, i, to);
            if (groupEnd < to && a[groupEnd] == '.') {
                if (!isIpv4(a, i, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (groupEnd == i || groupEnd - i > 4) {
                return false;
            }
            groups++;
            i = groupEnd;
            if (i < to) {
                // A colon, then another group, or a second colon that elides zero groups once.
                if (a[i] != ':' || i + 1 == to) {
                    return false;
                }
                i++;
                if (a[i] == ':') {
                    if (elided) {
                        return false;
                    }
                    elided = true;
                    i++;
                }
            }
        }
        return elided ? groups <= 7 : groups == 8;
    }

    private static int hexGroupEnd(byte[] a, int from, int to) {
        int i = from;
        while (i < to && HttpSyntax.hexValue(a[i]) >= 0) {
            i++;
        }
        return i;
    }

    /** Four decimal octets of 1 to 3 digits, each at most 255 (RFC 3986 section 3.2.2). */
    static boolean isIpv4(byte[] a, int from, int to) {
        int i = from;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i == to || a[i] != '.') {
                    return false;
                }
                i++;
            }
            int value = 0;
            int digits = 0;
            while (i < to && HttpSyntax.isDigit(a[i]) && digits < 3) {
                value = value * 10 + a[i++] - '0';
                digits++;
            }
            if (digits == 0 || value > 255) {
                return false;
            }
        }
        return i == to;
    }
}
