package io.omicsdropzone.validation;

/**
 * One problem's text in two renderings, built together where the problem is found: {@link #message} may quote the
 * file (a value, a key, a runSettingId, a parser excerpt); {@link #safeMessage} says the same without anything taken
 * from the file, so the PHI-safe mode never has to take a message apart to find what to hide.
 */
record Problem(String message, String safeMessage) {

    /** Stands where the full message quotes the file. */
    static final String WITHHELD = "<withheld>";

    /** A message that quotes nothing from the file: both renderings are the same. */
    static Problem plain(String message) {
        return message == null ? null : new Problem(message, message);
    }

    /** {@code before + 'value' + after}, the value shown as {@link #WITHHELD} in the safe rendering. */
    static Problem quoting(String before, CharSequence value, String after) {
        return new Problem(before + UserText.quote(value) + after, before + WITHHELD + after);
    }

    /** {@code before + detail}, where the whole detail may echo the file (a parser message, an excerpt). */
    static Problem withDetail(String before, String detail, String safeDetail) {
        return new Problem(before + detail, before + safeDetail);
    }
}
