package dev.nioserve.http;

/**
 * One parsed request head.
 *
 * @param method the method token, case-sensitive as RFC 9110 section 9.1 says
 * @param target the request target exactly as sent (origin form for anything served)
 * @param version the protocol version
 * @param headers the header fields
 * @param framing how the body, if any, is delimited
 * @param contentLength the body size when framing is LENGTH, else -1
 */
public record Request(
        String method, String target, HttpVersion version, Headers headers, BodyFraming framing, long contentLength) {

    /**
     * The path part of the target, before any '?'. For an absolute-form target (RFC 9112 section
     * 3.2.2) it is the part after the authority, or "/" when that is empty; for the asterisk-form
     * it is "*".
     */
    public String path() {
        int start = 0;
        if (!target.startsWith("/") && !target.equals("*")) {
            // absolute-form: the parser let through only http:// or https:// and an authority
            start = target.indexOf("//") + 2;
            while (start < target.length() && target.charAt(start) != '/' && target.charAt(start) != '?') {
                start++;
            }
        }
        int q = target.indexOf('?', start);
        int end = q < 0 ? target.length() : q;
        return start == end ? "/" : target.substring(start, end);
    }

    /** The query after '?', or null when the target has none. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    public boolean hasBody() {
        return framing != BodyFraming.NONE && !(framing == BodyFraming.LENGTH && contentLength == 0);
    }

    /**
     * Whether the client asked to keep the connection (RFC 9112 section 9.3): 1.1 unless it
     * says close, 1.0 only when it says keep-alive.
     */
    public boolean wantsKeepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || headers.hasToken("Connection", "keep-alive");
    }
}
