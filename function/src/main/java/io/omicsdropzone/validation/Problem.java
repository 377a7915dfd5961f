package io.omicsdropzone.validation;

import io.omicsdropzone.disclosure.DisclosedText;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.disclosure.Field;

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
        return of(DisclosedText.builder().text(before).field(Field.fileValue(UserText.quote(value), WITHHELD))
                .text(after).build());
    }

    /** {@code before + detail}, where the whole detail may echo the file (a parser message, an excerpt). */
    static Problem withDetail(String before, String detail, String safeDetail) {
        return of(DisclosedText.builder().text(before).field(Field.fileValue(detail, safeDetail)).build());
    }

    /** Both renderings of one message, so they cannot drift apart. */
    private static Problem of(DisclosedText text) {
        return new Problem(text.render(Disclosure.FULL), text.render(Disclosure.PHI_SAFE));
    }
}
