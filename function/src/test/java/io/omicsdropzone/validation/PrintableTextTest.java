package io.omicsdropzone.validation;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTextTest {

    /** The API's pattern, as the botocore model spells it ({@code ||} inside a class is just a literal '|'). */
    private static final Pattern API_PATTERN = Pattern.compile("[\\p{L}||\\p{M}||\\p{Z}||\\p{S}||\\p{N}||\\p{P}]+");

    @Test
    void agreesWithTheApiPatternOnEveryCodePoint() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = new String(Character.toChars(codePoint));
            boolean expected = API_PATTERN.matcher(text).matches();
            if (PrintableText.isPrintable(codePoint) != expected) {
                throw new AssertionError(String.format("U+%04X: pattern says %s", codePoint, expected));
            }
        }
    }

    @Test
    void countsCodePointsNotChars() {
        char[] text = "a🧬é".toCharArray();

        assertThat(PrintableText.countPrintableCodePoints(text, 0, text.length)).isEqualTo(3);
        assertThat(PrintableText.countPrintableCodePoints(text, 1, 2)).isEqualTo(1);
    }

    @Test
    void rejectsAControlCharacterAndALoneSurrogate() {
        char[] tab = "a\tb".toCharArray();
        char[] lone = {'a', '\uD83E', 'b'};

        assertThat(PrintableText.countPrintableCodePoints(tab, 0, 3)).isEqualTo(PrintableText.NOT_PRINTABLE);
        assertThat(PrintableText.countPrintableCodePoints(lone, 0, 3)).isEqualTo(PrintableText.NOT_PRINTABLE);
        assertThat(PrintableText.describeFirstNotPrintable(new String(lone))).isEqualTo("U+D83E at character 2");
    }
}
