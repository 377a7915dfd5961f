package io.omicsdropzone.validation;

/**
 * Makes user-supplied text safe to put into an error: bounded in length and free of characters that would break a log
 * line, a JSON summary or UTF-8 encoding (code points outside the printable categories, such as control characters
 * and lone surrogates, are written as {@code \}uXXXX).
 */
final class UserText {

    /** A quoted value keeps at most this many chars, so one error stays one short line. */
    static final int MAX_QUOTED_CHARS = 64;

    static final String ELLIPSIS = "\u2026";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UserText() {
    }

    /** {@code 'value'}, cut to {@link #MAX_QUOTED_CHARS} chars with an ellipsis when longer. */
    static String quote(CharSequence value) {
        return "'" + printable(value, MAX_QUOTED_CHARS) + "'";
    }

    /**
     * {@code value} with non-printable code points escaped, cut to at most {@code maxChars} chars (then an ellipsis,
     * so the result never exceeds {@code maxChars + 1}); an escape or a surrogate pair is never split.
     */
    static String printable(CharSequence value, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxChars) + 1);
        for (int i = 0; i < value.length(); ) {
            int codePoint = Character.codePointAt(value, i);
            int chars = Character.charCount(codePoint);
            boolean printable = PrintableText.isPrintable(codePoint);
            if (out.length() + (printable ? chars : chars * 6) > maxChars) {
                return out.append(ELLIPSIS).toString();
            }
            if (printable) {
                out.appendCodePoint(codePoint);
            } else {
                for (int c = 0; c < chars; c++) {
                    appendEscape(out, value.charAt(i + c));
                }
            }
            i += chars;
        }
        return out.toString();
    }

    /** The six-char backslash-u escape of one UTF-16 char, as in a JSON or Java string literal. */
    static void appendEscape(StringBuilder out, char c) {
        out.append('\\').append('u')
                .append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
