package dev.nioserve.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Range field of a GET (RFC 9110 section 14.2), judged against a representation's length.
 *
 * <p>A field this server will not honour is ignored and the whole representation is sent: an
 * unknown unit, any syntax error, a range whose end comes before its start, or more than
 * {@code maxRanges} ranges. Ranges that overlap or touch are merged into one, in the order the
 * first of them was asked for (section 14.6 allows it), so the parts never add up to more than
 * the representation and a small request can never make a large answer: at most the length plus
 * {@code maxRanges} part heads.
 */
public final class ByteRanges {
    private ByteRanges() {}

    /** What to send for a Range field. */
    public enum Verdict {
        /** No usable Range: 200 with the whole representation. */
        WHOLE,
        /** 206 with the ranges: one range as is, several as multipart/byteranges. */
        PARTIAL,
        /** Well formed, but no range overlaps the representation: 416. */
        UNSATISFIABLE
    }

    /**
     * @param verdict what to send
     * @param ranges for PARTIAL, the merged ranges in request order; empty otherwise
     */
    public record Result(Verdict verdict, List<ByteRange> ranges) {
        public static final Result WHOLE = new Result(Verdict.WHOLE, List.of());
        public static final Result UNSATISFIABLE = new Result(Verdict.UNSATISFIABLE, List.of());
    }

    /** Marks a range-spec that breaks the grammar: the whole field is then ignored. */
    private static final ByteRange INVALID = new ByteRange(Long.MAX_VALUE, Long.MAX_VALUE);

    /**
     * @param field the Range value, or null when absent or sent more than once
     * @param length the representation's length in bytes
     * @param maxRanges the most range-specs honoured
     */
    public static Result evaluate(String field, long length, int maxRanges) {
        if (field == null) {
            return Result.WHOLE;
        }
        int equals = field.indexOf('=');
        if (equals < 0
                || !field.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return Result.WHOLE;
        }
        List<String> specs = new ArrayList<>();
        for (String element : field.substring(equals + 1).split(",", -1)) {
            // RFC 9110 section 5.6.1.2: empty list elements are allowed and ignored.
            if (!element.isBlank()) {
                specs.add(element.trim());
            }
        }
        if (specs.isEmpty() || specs.size() > maxRanges) {
            return Result.WHOLE;
        }
        return satisfy(specs, length);
    }

    private static Result satisfy(List<String> specs, long length) {
        List<ByteRange> ranges = new ArrayList<>();
        for (String spec : specs) {
            ByteRange range = parseSpec(spec, length);
            if (range == INVALID) {
                return Result.WHOLE;
            }
            if (range != null) {
                ranges.add(range);
            }
        }
        if (ranges.isEmpty()) {
            return Result.UNSATISFIABLE;
        }
        return new Result(Verdict.PARTIAL, merge(ranges));
    }

    /** The range a spec selects, null when it is valid but selects nothing, INVALID when it is not valid. */
    private static ByteRange parseSpec(String spec, long length) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return INVALID;
        }
        long first = dash == 0 ? -1 : digits(spec.substring(0, dash));
        String end = spec.substring(dash + 1);
        long last = end.isEmpty() ? -1 : digits(end);
        if ((dash > 0 && first < 0) || (!end.isEmpty() && last < 0) || (dash == 0 && end.isEmpty())) {
            return INVALID;
        }
        if (dash == 0) {
            // suffix-range (section 14.1.3): the last N bytes, the whole file when it is shorter than N.
            return last == 0 || length == 0 ? null : new ByteRange(Math.max(0, length - last), length - 1);
        }
        if (last >= 0 && last < first) {
            return INVALID;
        }
        if (first >= length) {
            return null;
        }
        return new ByteRange(first, last < 0 ? length - 1 : Math.min(last, length - 1));
    }

    /** A run of ASCII digits as a number, saturating at Long.MAX_VALUE; -1 when it is not only digits. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return value;
    }

    /** Merges ranges that overlap or touch until none do; each merged range keeps the place of its earliest part. */
    private static List<ByteRange> merge(List<ByteRange> ranges) {
        List<ByteRange> merged = new ArrayList<>(ranges);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < merged.size() && !changed; i++) {
                for (int j = i + 1; j < merged.size() && !changed; j++) {
                    if (merged.get(i).touches(merged.get(j))) {
                        merged.set(i, merged.get(i).union(merged.get(j)));
                        merged.remove(j);
                        changed = true;
                    }
                }
            }
        }
        return List.copyOf(merged);
    }
}
