package io.omicsdropzone.local.standins;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the emulator reads a run's samplesheet: RFC 4180 records, so a width mismatch or a broken quote is seen. */
class RunInputSheetsTest {

    @Test
    void quoted_fields_keep_separators_quotes_and_line_breaks() {
        assertThat(RunInputSheets.records("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n", ','))
                .containsExactly(List.of("a", "b", "c"), List.of("x, y", "say \"hi\"", "two\nlines"));
    }

    @Test
    void empty_fields_count_and_blank_lines_do_not() {
        assertThat(RunInputSheets.records("sample\tfastq_2\nS1\t\n\n", '\t'))
                .containsExactly(List.of("sample", "fastq_2"), List.of("S1", ""));
    }

    @Test
    void an_unclosed_quote_or_text_after_a_quote_is_no_csv() {
        assertThat(RunInputSheets.records("a,b\n\"open,x\n", ',')).isNull();
        assertThat(RunInputSheets.records("a,b\nx\"y,z\n", ',')).isNull();
    }
}
