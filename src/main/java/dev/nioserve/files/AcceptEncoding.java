package dev.nioserve.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the content coding of a response from the request's Accept-Encoding (RFC 9110
 * section 12.5.3). Codings are matched as whole tokens, never as substrings; q-values are read
 * to the grammar, and an element with a malformed one is dropped. A coding the field does not
 * list is not acceptable unless "*" is; q=0 refuses. Identity is the fallback whatever the field
 * says, since refusing with 406 would help nobody: the section lets a server send identity even
 * when the field excludes it.
 */
public final class AcceptEncoding {
    /** q=1 in thousandths, the unit q-values are kept in. */
    private static final int ONE = 1000;

    private AcceptEncoding() {}

    /**
     * @param field the Accept-Encoding value, lines joined with ", "; null when absent, which gets identity
     * @param offered the codings the resource has a variant in, identity aside
     */
    public static ContentCoding choose(String field, Set<ContentCoding> offered) {
        if (field == null || offered.isEmpty()) {
            return ContentCoding.IDENTITY;
        }
        Map<String, Integer> weights = weights(field);
        Integer any = weights.get("*");
        ContentCoding best = null;
        int bestWeight = 0;
        // ContentCoding lists br before gzip, so on equal weights br wins: it is the smaller.
        for (ContentCoding coding : ContentCoding.values()) {
            if (coding != ContentCoding.IDENTITY && offered.contains(coding)) {
                int weight = weights.getOrDefault(coding.token(), any == null ? 0 : any);
                if (weight > bestWeight) {
                    best = coding;
                    bestWeight = weight;
                }
            }
        }
        Integer identity = weights.get(ContentCoding.IDENTITY.token());
        if (best == null || (identity != null && identity > bestWeight)) {
            return ContentCoding.IDENTITY;
        }
        return best;
    }

    /** Lower-case coding token to its weight in thousandths; the first mention of a token counts. */
    static Map<String, Integer> weights(String field) {
        Map<String, Integer> weights = new HashMap<>();
        for (String element : field.split(",")) {
            String[] pieces = element.split(";");
            String token = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (token.isEmpty() || !isToken(token)) {
                continue;
            }
            int weight = weight(pieces);
            if (weight >= 0) {
                // RFC 9110 section 8.4.1.3: x-gzip is gzip.
                weights.putIfAbsent(token.equals("x-gzip") ? "gzip" : token, weight);
            }
        }
        return weights;
    }

    /** The q parameter among an element's parameters, 1000 when there is none, -1 when malformed. */
    private static int weight(String[] pieces) {
        int weight = ONE;
        for (int i = 1; i < pieces.length; i++) {
            String parameter = pieces[i].trim();
            int equals = parameter.indexOf('=');
            if (equals < 0) {
                return -1;
            }
            if (parameter.substring(0, equals).trim().equalsIgnoreCase("q")) {
                weight = qvalue(parameter.substring(equals + 1).trim());
                if (weight < 0) {
                    return -1;
                }
            }
        }
        return weight;
    }

    /** RFC 9110 section 12.4.2: "0" ["." 0*3DIGIT] or "1" ["." 0*3"0"], in thousandths; -1 when malformed. */
    static int qvalue(String text) {
        if (text.isEmpty() || text.length() > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')) {
            return -1;
        }
        if (text.length() > 1 && text.charAt(1) != '.') {
            return -1;
        }
        int thousandths = 0;
        for (int i = 2; i < 5; i++) {
            int digit = i < text.length() ? text.charAt(i) - '0' : 0;
            if (digit < 0 || digit > 9) {
                return -1;
            }
            thousandths = thousandths * 10 + digit;
        }
        if (text.charAt(0) == '1') {
            return thousandths == 0 ? ONE : -1;
        }
        return thousandths;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
