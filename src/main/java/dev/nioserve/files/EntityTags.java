package dev.nioserve.files;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of If-Match or If-None-Match: "*" or a list of entity tags (RFC 9110 sections
 * 13.1.1 and 13.1.2). Tags may hold commas inside their quotes, so the list is scanned, never
 * split. A field that breaks the grammar anywhere is read as holding no tag at all.
 *
 * @param any the field was "*": it matches any current representation
 * @param tags the tags listed, in order
 */
public record EntityTags(boolean any, List<EntityTag> tags) {
    public static final EntityTags NONE = new EntityTags(false, List.of());

    public EntityTags {
        tags = List.copyOf(tags);
    }

    /** The tags of a field value; {@link #NONE} for a missing or malformed one. */
    public static EntityTags parse(String field) {
        if (field == null) {
            return NONE;
        }
        String value = field.trim();
        if (value.equals("*")) {
            return new EntityTags(true, List.of());
        }
        List<EntityTag> tags = new ArrayList<>();
        int at = skipSeparators(value, 0);
        while (at < value.length()) {
            int end = tagEnd(value, at);
            if (end < 0) {
                return NONE;
            }
            tags.add(tag(value, at, end));
            at = skipSpaces(value, end);
            if (at < value.length() && value.charAt(at) != ',') {
                return NONE;
            }
            at = skipSeparators(value, at);
        }
        return new EntityTags(false, tags);
    }

    /** If-Match's test: strong comparison (RFC 9110 section 13.1.1). */
    public boolean strongMatch(EntityTag current) {
        return any || tags.stream().anyMatch(current::strongMatch);
    }

    /** If-None-Match's test: weak comparison (RFC 9110 section 13.1.2). */
    public boolean weakMatch(EntityTag current) {
        return any || tags.stream().anyMatch(current::weakMatch);
    }

    /**
     * The index just past the entity tag that starts at {@code at}, or -1 when none does:
     * {@code [W/] DQUOTE *etagc DQUOTE}, etagc being %x21, %x23-7E and obs-text.
     */
    static int tagEnd(String value, int at) {
        int open = value.startsWith("W/", at) ? at + 2 : at;
        if (open >= value.length() || value.charAt(open) != '"') {
            return -1;
        }
        for (int i = open + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x21 || c == 0x7f || c > 0xff) {
                return -1;
            }
        }
        return -1;
    }

    /** The tag between {@code at} and {@code end}, which {@link #tagEnd} found well formed. */
    static EntityTag tag(String value, int at, int end) {
        boolean weak = value.charAt(at) == 'W';
        return new EntityTag(value.substring(at + (weak ? 3 : 1), end - 1), weak);
    }

    /** Spaces, tabs and the empty list elements RFC 9110 section 5.6.1.2 says to accept. */
    private static int skipSeparators(String value, int at) {
        while (at < value.length()
                && (value.charAt(at) == ',' || value.charAt(at) == ' ' || value.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    private static int skipSpaces(String value, int at) {
        while (at < value.length() && (value.charAt(at) == ' ' || value.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }
}
