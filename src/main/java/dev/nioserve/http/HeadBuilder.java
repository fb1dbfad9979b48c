package dev.nioserve.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;

/**
 * Checks the lines of one request head as they complete and builds the {@link Request}. It sees
 * whole lines without their endings; {@link RequestParser} finds the lines and enforces the byte
 * limits. Framing fields are judged the moment they arrive, so a smuggling attempt is refused at
 * the line that reveals it (RFC 9112 section 6.3, RFC 9110 section 7.2).
 */
final class HeadBuilder {
    private static final byte[] HOST = HttpSyntax.ascii("host");
    private static final byte[] CONTENT_LENGTH = HttpSyntax.ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = HttpSyntax.ascii("transfer-encoding");
    private static final byte[] CHUNKED = HttpSyntax.ascii("chunked");
    private static final byte[] HTTP_SLASH = HttpSyntax.ascii("HTTP/");
    /** Long.MAX_VALUE has 19 digits: 18 can never overflow. */
    private static final int SAFE_DECIMAL_DIGITS = 18;

    private final HttpLimits limits;

    /** Set by requestLine(), once per request; null before. */
    private String method;

    private String target;
    private HttpVersion version;
    /** A new one for each request, handed to its Request by build(). */
    private Headers headers;
    /** Content bytes of the field lines so far; the LineReader keeps it within maxHeaderBytes. */
    private int fieldBytes;
    /** Field lines so far, never above maxHeaderCount. */
    private int fieldCount;
    /** Host field lines so far: 0 or 1, since a second is refused. */
    private int hostCount;
    /** The Content-Length value; -1 while none has been seen. */
    private long contentLength = -1;
    /** Whether Transfer-Encoding: chunked has been seen. */
    private boolean chunked;

    HeadBuilder(HttpLimits limits) {
        this.limits = limits;
    }

    /** Forgets the request so far; the Headers already handed out stay with their Request. */
    void reset() {
        method = null;
        target = null;
        version = null;
        headers = null;
        fieldBytes = 0;
        fieldCount = 0;
        hostCount = 0;
        contentLength = -1;
        chunked = false;
    }

    /** Content bytes the next field line may still hold before the header section is too large. */
    int fieldBudget() {
        return limits.maxHeaderBytes() - fieldBytes;
    }

    /** Takes {@code method SP request-target SP HTTP-version} (RFC 9112 section 3). */
    void requestLine(byte[] line, int length) throws HttpException {
        int methodEnd = HttpSyntax.indexOf(line, 0, length, HttpSyntax.SP);
        int targetEnd = methodEnd < 0 ? -1 : HttpSyntax.indexOf(line, methodEnd + 1, length, HttpSyntax.SP);
        if (targetEnd < 0) {
            // Fewer than two spaces: no version, as in an HTTP/0.9 simple request.
            throw ParseError.BAD_REQUEST_LINE.exception();
        }
        if (!HttpSyntax.isToken(line, 0, methodEnd)) {
            throw ParseError.BAD_METHOD.exception();
        }
        method = method(line, methodEnd);
        if (!UriSyntax.isRequestTarget(line, methodEnd + 1, targetEnd, method.equals("OPTIONS"))) {
            throw ParseError.BAD_TARGET.exception();
        }
        version = version(line, targetEnd + 1, length);
        target = new String(line, methodEnd + 1, targetEnd - methodEnd - 1, ISO_8859_1);
        headers = new Headers();
    }

    /** The common methods as constants, so most requests allocate no string for them. */
    private static String method(byte[] line, int length) {
        if (length == 3 && line[0] == 'G' && line[1] == 'E' && line[2] == 'T') {
            return "GET";
        }
        if (length == 4 && line[0] == 'H' && line[1] == 'E' && line[2] == 'A' && line[3] == 'D') {
            return "HEAD";
        }
        return new String(line, 0, length, ISO_8859_1);
    }

    /** HTTP/1.1 or HTTP/1.0; another well-formed version is 505, anything else 400 (RFC 9112 section 2.3). */
    private static HttpVersion version(byte[] a, int from, int to) throws HttpException {
        boolean wellFormed = to - from == HTTP_SLASH.length + 3
                && Arrays.equals(a, from, from + HTTP_SLASH.length, HTTP_SLASH, 0, HTTP_SLASH.length)
                && HttpSyntax.isDigit(a[to - 3])
                && a[to - 2] == '.'
                && HttpSyntax.isDigit(a[to - 1]);
        if (!wellFormed) {
            throw ParseError.BAD_VERSION.exception();
        }
        if (a[to - 3] == '1' && a[to - 1] == '1') {
            return HttpVersion.HTTP_1_1;
        }
        if (a[to - 3] == '1' && a[to - 1] == '0') {
            return HttpVersion.HTTP_1_0;
        }
        throw ParseError.UNSUPPORTED_VERSION.exception();
    }

    /** Takes one field line: {@code field-name ":" OWS field-value OWS} (RFC 9112 section 5). */
    void field(byte[] line, int length) throws HttpException {
        fieldBytes += length;
        if (++fieldCount > limits.maxHeaderCount()) {
            throw ParseError.TOO_MANY_FIELDS.exception();
        }
        int colon = checkFieldLine(line, length);
        int valueFrom = HttpSyntax.skipWhitespace(line, colon + 1, length);
        int valueTo = HttpSyntax.trimWhitespace(line, valueFrom, length);
        framingField(line, colon, valueFrom, valueTo);
        headers.add(
                new String(line, 0, colon, ISO_8859_1), new String(line, valueFrom, valueTo - valueFrom, ISO_8859_1));
    }

    /**
     * Checks a header or trailer field line and returns the index of its colon. The name must be
     * a token right up to the colon: whitespace there is refused, not trimmed (RFC 9112 section 5.1).
     */
    static int checkFieldLine(byte[] line, int length) throws HttpException {
        if (HttpSyntax.isWhitespace(line[0])) {
            throw ParseError.OBS_FOLD.exception();
        }
        int nameEnd = HttpSyntax.tokenEnd(line, 0, length);
        if (nameEnd == length) {
            throw ParseError.MISSING_COLON.exception();
        }
        if (nameEnd == 0 || line[nameEnd] != ':') {
            throw ParseError.BAD_FIELD_NAME.exception();
        }
        if (!HttpSyntax.isFieldValue(line, nameEnd + 1, length)) {
            throw ParseError.BAD_FIELD_VALUE.exception();
        }
        return nameEnd;
    }

    /** Judges Host, Content-Length and Transfer-Encoding, the fields that decide routing and framing. */
    private void framingField(byte[] line, int nameEnd, int from, int to) throws HttpException {
        if (HttpSyntax.equalsIgnoreCase(line, 0, nameEnd, HOST)) {
            if (++hostCount > 1) {
                throw ParseError.DUPLICATE_HOST.exception();
            }
            if (!UriSyntax.isHostPort(line, from, to)) {
                throw ParseError.BAD_HOST.exception();
            }
        } else if (HttpSyntax.equalsIgnoreCase(line, 0, nameEnd, CONTENT_LENGTH)) {
            contentLength(line, from, to);
        } else if (HttpSyntax.equalsIgnoreCase(line, 0, nameEnd, TRANSFER_ENCODING)) {
            transferEncoding(line, from, to);
        }
    }

    /** Content-Length = 1*DIGIT, once (RFC 9110 section 8.6); a list, even of equal values, is refused. */
    private void contentLength(byte[] line, int from, int to) throws HttpException {
        if (contentLength >= 0) {
            throw ParseError.DUPLICATE_CONTENT_LENGTH.exception();
        }
        if (chunked) {
            throw ParseError.LENGTH_AND_TRANSFER_ENCODING.exception();
        }
        if (from == to || to - from > SAFE_DECIMAL_DIGITS) {
            throw ParseError.BAD_CONTENT_LENGTH.exception();
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!HttpSyntax.isDigit(line[i])) {
                throw ParseError.BAD_CONTENT_LENGTH.exception();
            }
            value = value * 10 + line[i] - '0';
        }
        contentLength = value;
    }

    /**
     * The only transfer coding taken is one chunked, in one field line (RFC 9112 section 6.1). As a
     * list may span field lines, any second element, in this line or another, is either another
     * coding or chunked twice: 400, since the body's end could not be found safely.
     */
    private void transferEncoding(byte[] line, int from, int to) throws HttpException {
        if (version == HttpVersion.HTTP_1_0) {
            throw ParseError.TRANSFER_ENCODING_ON_HTTP_1_0.exception();
        }
        if (contentLength >= 0) {
            throw ParseError.LENGTH_AND_TRANSFER_ENCODING.exception();
        }
        if (chunked || !HttpSyntax.equalsIgnoreCase(line, from, to, CHUNKED)) {
            throw ParseError.BAD_TRANSFER_ENCODING.exception();
        }
        chunked = true;
    }

    /** The request, once the empty line ended the head. */
    Request build() throws HttpException {
        if (hostCount == 0 && version == HttpVersion.HTTP_1_1) {
            throw ParseError.MISSING_HOST.exception();
        }
        if (contentLength > limits.maxBodyBytes()) {
            // Refused before any body byte is read (RFC 9110 section 15.5.14).
            throw ParseError.BODY_TOO_LARGE.exception();
        }
        BodyFraming framing =
                chunked ? BodyFraming.CHUNKED : contentLength >= 0 ? BodyFraming.LENGTH : BodyFraming.NONE;
        return new Request(method, target, version, headers, framing, contentLength);
    }
}
