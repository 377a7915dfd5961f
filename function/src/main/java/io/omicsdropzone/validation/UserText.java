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
            String piece = PrintableText.isPrintable(codePoint)
                    ? new String(Character.toChars(codePoint))
                    : escape(codePoint);
            if (out.length() + piece.length() > maxChars) {
                return out.append(ELLIPSIS).toString();
            }
            out.append(piece);
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    private static String escape(int codePoint) {
        StringBuilder escaped = new StringBuilder(12);
        for (char c : Character.toChars(codePoint)) {
            escaped.append(String.format("\\u%04X", (int) c));
        }
        return escaped.toString();
    }
}
