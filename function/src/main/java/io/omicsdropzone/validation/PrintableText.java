package io.omicsdropzone.validation;

/**
 * The API's string pattern {@code [\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]+} written out by hand. A regex per value would
 * allocate a String and a Matcher on the hottest path of the scan; this walks the parser's own char buffer.
 *
 * <p>The pattern admits every code point outside the "C" categories, so the check is the complement: control, format,
 * private-use, unassigned and unpaired surrogate code points are rejected. Lengths are counted in Unicode code points
 * (a surrogate pair is one), which is how Smithy's {@code @length} trait, the source of the API's limits, counts them.
 */
final class PrintableText {

    /** Returned by {@link #countPrintableCodePoints} when a code point falls outside the pattern. */
    static final int NOT_PRINTABLE = -1;

    private PrintableText() {
    }

    /** Code points in {@code text[offset, offset+length)}, or {@link #NOT_PRINTABLE}. */
    static int countPrintableCodePoints(char[] text, int offset, int length) {
        int end = offset + length;
        int count = 0;
        for (int i = offset; i < end; i++) {
            char c = text[i];
            if (c >= 0x20 && c < 0x7F) {
                count++;
                continue;
            }
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                codePoint = Character.toCodePoint(c, text[++i]);
            }
            if (!isPrintable(codePoint)) {
                return NOT_PRINTABLE;
            }
            count++;
        }
        return count;
    }

    static boolean isPrintable(int codePoint) {
        if (codePoint >= 0x20 && codePoint < 0x7F) {
            return true;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }

    /**
     * Describes the first code point outside the pattern, e.g. {@code U+0009 at character 4}; only called on the
     * error path. The position is 1-based and counted in code points.
     */
    static String describeFirstNotPrintable(CharSequence text) {
        int position = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = Character.codePointAt(text, i);
            position++;
            // A lone surrogate comes back from codePointAt as itself and is rejected as SURROGATE.
            if (!isPrintable(codePoint)) {
                return String.format("U+%04X at character %d", codePoint, position);
            }
            i += Character.charCount(codePoint);
        }
        return "none";
    }
}
