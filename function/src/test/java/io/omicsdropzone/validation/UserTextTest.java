package io.omicsdropzone.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserTextTest {

    @Test
    void shortPrintableTextIsQuotedAsItIs() {
        assertThat(UserText.quote("Patient #7 — ü")).isEqualTo("'Patient #7 — ü'");
    }

    @Test
    void longTextIsCutWithAnEllipsis() {
        assertThat(UserText.quote("y".repeat(1_000))).isEqualTo("'" + "y".repeat(64) + "…'");
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreEscaped() {
        assertThat(UserText.printable("a\nb\u0000\uDC00", 100)).isEqualTo("a\\u000Ab\\u0000\\uDC00");
    }

    @Test
    void neitherAnEscapeNorASurrogatePairIsSplit() {
        assertThat(UserText.printable("ab\n", 4)).isEqualTo("ab…");
        assertThat(UserText.printable("a🧬", 2)).isEqualTo("a…");
    }
}
