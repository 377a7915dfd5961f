package io.omicsdropzone.samplesheet;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SampleSheetConverterTest {

    static final List<String> COLUMNS = List.of("sample", "fastq_1", "fastq_2", "patient_id", "priority", "threads",
            "qc");
    static final Map<String, Object> TEMPLATE = JsonReader.readObject("""
            {"runSettingId": "{sample}",
             "priority": "{priority:int?}",
             "parameters": {"fastq_1": "{fastq_1}", "fastq_2": "{fastq_2}", "threads": "{threads:int?}",
                            "qc": "{qc:bool?}", "label": "{sample}-{patient_id?}", "genome": "GRCh38"},
             "outputUri": "s3://results/wgs/{sample}/",
             "runTags": {"patient": "{patient_id}"}}""");
    static final String HEADER = "sample,fastq_1,fastq_2,patient_id,priority,threads,qc";

    static SampleSheetTemplate template() {
        List<String> problems = new ArrayList<>();
        SampleSheetTemplate template = SampleSheetTemplate.compile(COLUMNS, TEMPLATE, "test", problems);
        assertThat(problems).isEmpty();
        return template;
    }

    record Converted(SampleSheetReport report, String json) {
        List<String> lines() {
            return report.describe(Disclosure.FULL);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries() {
            return (List<Map<String, Object>>) JsonReader.read(json);
        }
    }

    static Converted convert(String sheet, SheetFormat format) throws IOException {
        return convert(sheet.getBytes(StandardCharsets.UTF_8), format);
    }

    static Converted convert(byte[] sheet, SheetFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SampleSheetReport report = new SampleSheetConverter().convert(new ByteArrayInputStream(sheet), format,
                template(), out);
        return new Converted(report, out.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parameters(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("parameters");
    }

    @Test
    void converts_each_row_into_one_entry_with_typed_and_optional_values() throws IOException {
        Converted converted = convert(HEADER + "\n"
                + "NA12878,s3://in/a_1.fq.gz,s3://in/a_2.fq.gz,P1,5,8,true\n"
                + "NA12879,s3://in/b_1.fq.gz,s3://in/b_2.fq.gz,P2,,,\n", SheetFormat.CSV);

        assertThat(converted.report().valid()).as(converted.lines().toString()).isTrue();
        assertThat(converted.report().rowCount()).isEqualTo(2);
        assertThat(converted.entries()).containsExactly(
                JsonReader.readObject("""
                        {"runSettingId":"NA12878","priority":5,"parameters":{"fastq_1":"s3://in/a_1.fq.gz",
                         "fastq_2":"s3://in/a_2.fq.gz","threads":8,"qc":true,"label":"NA12878-P1","genome":"GRCh38"},
                         "outputUri":"s3://results/wgs/NA12878/","runTags":{"patient":"P1"}}"""),
                JsonReader.readObject("""
                        {"runSettingId":"NA12879","parameters":{"fastq_1":"s3://in/b_1.fq.gz",
                         "fastq_2":"s3://in/b_2.fq.gz","label":"NA12879-P2","genome":"GRCh38"},
                         "outputUri":"s3://results/wgs/NA12879/","runTags":{"patient":"P2"}}"""));
        assertThat(converted.report().bytesWritten()).isEqualTo(converted.json().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void rfc4180_quoting_bom_crlf_and_blank_trailing_lines() throws IOException {
        String sheet = "\uFEFF" + HEADER + "\r\n"
                + "\"S,1\",\"s3://in/a \"\"quoted\"\".fq\",\"s3://in/line\nbreak.fq\",P1,,,\r\n"
                + "\r\n\r\n";

        Converted converted = convert(sheet, SheetFormat.CSV);

        assertThat(converted.report().valid()).as(converted.lines().toString()).isTrue();
        Map<String, Object> entry = converted.entries().get(0);
        assertThat(entry).containsEntry("runSettingId", "S,1");
        assertThat(parameters(entry)).containsEntry("fastq_1", "s3://in/a \"quoted\".fq")
                .containsEntry("fastq_2", "s3://in/line\nbreak.fq");
        assertThat(converted.report().rowCount()).isEqualTo(1);
    }

    @Test
    void cr_line_ends_and_a_quoted_last_value_at_the_end_of_the_input_are_read() throws IOException {
        Converted converted = convert(HEADER + "\rS1,s3://in/1.fq,s3://in/2.fq,P1,,,\rS2,s3://in/1.fq,s3://in/2.fq,\"P2\",,,\"true\"",
                SheetFormat.CSV);

        assertThat(converted.report().valid()).as(converted.lines().toString()).isTrue();
        assertThat(converted.entries()).extracting(e -> e.get("runSettingId")).containsExactly("S1", "S2");
    }

    @Test
    void an_unclosed_quote_names_the_line_it_opens_on_even_after_line_breaks_inside_it() throws IOException {
        Converted converted = convert(HEADER + "\r\nS1,s3://in/1.fq,s3://in/2.fq,P1,,,\r\n"
                + "S2,\"s3://in/1.fq\r\nS3,s3://in/1.fq,s3://in/2.fq,P1,,,\r\n", SheetFormat.CSV);

        assertThat(converted.lines()).singleElement().asString()
                .isEqualTo("row 3: malformed CSV: Missing closing quote for a value that opens here (line 3);"
                        + " conversion stopped here");
        assertThat(converted.entries()).extracting(e -> e.get("runSettingId")).containsExactly("S1");
    }

    @Test
    void a_bom_alone_is_an_empty_sheet() throws IOException {
        assertThat(convert("\uFEFF", SheetFormat.CSV).lines())
                .containsExactly("sheet: the sheet is empty; the header row is required");
    }

    @Test
    void tsv_uses_tabs_and_keeps_commas_in_values() throws IOException {
        Converted converted = convert(HEADER.replace(',', '\t') + "\n"
                + "S1\ts3://in/a,b.fq\ts3://in/c.fq\tP1\t\t\t\n", SheetFormat.TSV);

        assertThat(converted.report().valid()).as(converted.lines().toString()).isTrue();
        assertThat(parameters(converted.entries().get(0))).containsEntry("fastq_1", "s3://in/a,b.fq");
    }

    @Test
    void columns_may_come_in_any_order_and_extra_columns_are_ignored() throws IOException {
        Converted converted = convert("notes,fastq_2,sample,fastq_1,patient_id,priority,threads,qc\n"
                + "hello,s3://in/2.fq,S1,s3://in/1.fq,P1,,,\n", SheetFormat.CSV);

        assertThat(converted.report().valid()).as(converted.lines().toString()).isTrue();
        assertThat(parameters(converted.entries().get(0))).containsEntry("fastq_1", "s3://in/1.fq")
                .containsEntry("fastq_2", "s3://in/2.fq");
    }

    @Test
    void a_missing_column_is_a_header_error_and_nothing_is_converted() throws IOException {
        Converted converted = convert("sample,fastq_1,patient_id,priority,threads,qc\nS1,s3://in/1.fq,P1,,,\n",
                SheetFormat.CSV);

        assertThat(converted.report().valid()).isFalse();
        assertThat(converted.lines()).containsExactly("row 1: header: missing column fastq_2; row 1 must name the"
                + " columns sample, fastq_1, fastq_2, patient_id, priority, threads, qc");
        assertThat(converted.entries()).isEmpty();
    }

    @Test
    void an_empty_cell_of_a_required_placeholder_names_row_sample_and_column() throws IOException {
        StringBuilder sheet = new StringBuilder(HEADER).append('\n');
        for (int i = 2; i < 42; i++) {
            sheet.append("S").append(i).append(",s3://in/1.fq,s3://in/2.fq,P,,,\n");
        }
        sheet.append("NA12878,s3://in/1.fq,,P,,,\n");

        Converted converted = convert(sheet.toString(), SheetFormat.CSV);

        assertThat(converted.lines()).containsExactly(
                "row 42 (sample NA12878), column fastq_2: empty value for a required placeholder");
        assertThat(converted.report().errorCount()).isEqualTo(1);
        assertThat(converted.report().errors().get(0).describe(Disclosure.PHI_SAFE))
                .isEqualTo("row 42, column fastq_2: empty value for a required placeholder");
    }

    @Test
    void a_repeated_sample_names_the_row_it_repeats() throws IOException {
        Converted converted = convert(HEADER + "\n"
                + "S0,s3://in/1.fq,s3://in/2.fq,P,,,\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,,,\n"
                + "S2,s3://in/1.fq,s3://in/2.fq,P,,,\n"
                + "S3,s3://in/1.fq,s3://in/2.fq,P,,,\n"
                + "S4,s3://in/1.fq,s3://in/2.fq,P,,,\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,,,\n", SheetFormat.CSV);

        assertThat(converted.lines()).containsExactly("row 7: sample 'S1' repeats row 3 (runSettingId must be unique)");
    }

    @Test
    void a_wrong_type_names_the_value_and_the_placeholder() throws IOException {
        Converted converted = convert(HEADER + "\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,high,8,true\n"
                + "S2,s3://in/1.fq,s3://in/2.fq,P,1,eight,maybe\n", SheetFormat.CSV);

        assertThat(converted.lines()).containsExactly(
                "row 2 (sample S1), column priority: 'high' is not an integer ({priority:int?})",
                "row 3 (sample S2), column threads: 'eight' is not an integer ({threads:int?})",
                "row 3 (sample S2), column qc: 'maybe' is not true or false ({qc:bool?})");
        assertThat(converted.report().errors().get(0).describe(Disclosure.PHI_SAFE))
                .isEqualTo("row 2, column priority: the value is not an integer ({priority:int?})");
        assertThat(converted.entries()).isEmpty();
    }

    @Test
    void the_validator_s_findings_are_placed_on_the_sheet() throws IOException {
        Converted converted = convert(HEADER + "\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,250000,,\n"
                + "S2,s3://in/1.fq,s3://in/2.fq," + "x".repeat(300) + ",,,\n", SheetFormat.CSV);

        assertThat(converted.lines()).containsExactly(
                "row 2 (sample S1), column priority: priority must be between 0 and 100000, found 250000",
                "row 3 (sample S2), column patient_id: tag value must be at most 256 characters long, found 300");
    }

    @Test
    void rows_with_too_few_or_too_many_cells_are_refused_but_a_trailing_separator_is_fine() throws IOException {
        Converted converted = convert(HEADER + "\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,,,,\n"
                + "S2,s3://in/1.fq\n"
                + "S3,s3://in/1.fq,s3://in/2.fq,P,,,,surprise\n", SheetFormat.CSV);

        assertThat(converted.lines()).containsExactly(
                "row 3: has 2 values but the header has 7 columns",
                "row 4: has 8 values but the header has 7 columns");
        assertThat(converted.entries()).extracting(e -> e.get("runSettingId")).containsExactly("S1");
    }

    @Test
    void rows_of_separators_only_that_spreadsheets_write_after_the_last_sample_are_blank() throws IOException {
        Converted converted = convert(HEADER + "\r\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,,,\r\n"
                + ",,,,,,\r\n,,,,,,\r\n", SheetFormat.CSV);

        assertThat(converted.report().valid()).as(converted.report().text()).isTrue();
        assertThat(converted.report().rowCount()).isEqualTo(1);
        assertThat(converted.entries()).hasSize(1);
    }

    @Test
    void an_empty_cell_the_template_uses_in_several_places_is_one_error() throws IOException {
        // {sample} is runSettingId, part of parameters.label and of outputUri
        Converted converted = convert(HEADER + "\n,s3://in/1.fq,s3://in/2.fq,P,,,\n", SheetFormat.CSV);

        assertThat(converted.lines()).containsExactly("row 2, column sample: empty value for a required placeholder");
        assertThat(converted.report().errorCount()).isEqualTo(1);
    }

    @Test
    void blank_rows_in_the_middle_are_refused_and_numbered() throws IOException {
        Converted converted = convert(HEADER + "\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,,,\n\n\n"
                + "S2,s3://in/1.fq,s3://in/2.fq,P,,,\n\n", SheetFormat.CSV);

        assertThat(converted.lines()).containsExactly(
                "row 3: rows 3–4 are blank; blank rows are allowed only at the end of the sheet");
    }

    @Test
    void malformed_csv_stops_with_its_row_and_line() throws IOException {
        Converted converted = convert(HEADER + "\n"
                + "S1,s3://in/1.fq,s3://in/2.fq,P,,,\n"
                + "S2,\"s3://in/1.fq\"x,s3://in/2.fq,P,,,\n", SheetFormat.CSV);

        assertThat(converted.report().valid()).isFalse();
        assertThat(converted.lines()).singleElement().asString()
                .startsWith("row 3: malformed CSV: Unexpected character")
                .contains("(line 3)").endsWith("; conversion stopped here");
        assertThat(converted.entries()).extracting(e -> e.get("runSettingId")).containsExactly("S1");
    }

    @Test
    void an_unclosed_quote_is_reported() throws IOException {
        Converted converted = convert(HEADER + "\nS1,\"s3://in/1.fq,s3://in/2.fq,P,,,\n", SheetFormat.CSV);

        assertThat(converted.lines()).singleElement().asString().startsWith("row 2: malformed CSV: Missing closing quote");
        assertThat(convert(HEADER + "\nS1,a,b,P,,,\n\"S2,a,b,P,,,\n", SheetFormat.CSV).lines()).singleElement()
                .asString().startsWith("row 3: malformed CSV: Missing closing quote");
        assertThat(convert("sample,\"fastq_1\n", SheetFormat.CSV).lines()).singleElement().asString()
                .startsWith("row 1: malformed CSV: Missing closing quote");
        assertThat(convert(HEADER.replace(',', '\t') + "\n\"S1\"x\ta\n", SheetFormat.TSV).report().errors())
                .singleElement().satisfies(error -> assertThat(error.describe(Disclosure.PHI_SAFE))
                        .startsWith("row 2: malformed TSV (line 2)"));
    }

    @Test
    void an_empty_sheet_and_a_header_only_sheet_are_refused() throws IOException {
        assertThat(convert("", SheetFormat.CSV).lines())
                .containsExactly("sheet: the sheet is empty; the header row is required");
        assertThat(convert(HEADER + "\r\n", SheetFormat.CSV).lines())
                .containsExactly("sheet: the sheet has a header but no rows");
    }

    @Test
    void invalid_utf8_is_reported() throws IOException {
        byte[] head = (HEADER + "\nS1,s3://in/").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ",s3://in/2.fq,P,,,\n".getBytes(StandardCharsets.UTF_8);
        byte[] sheet = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, sheet, 0, head.length);
        sheet[head.length] = (byte) 0xC3;
        sheet[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, sheet, head.length + 2, tail.length);

        Converted converted = convert(sheet, SheetFormat.CSV);

        assertThat(converted.report().valid()).isFalse();
        assertThat(converted.lines()).singleElement().asString().contains("not valid UTF-8");
    }

    @Test
    void errors_are_counted_beyond_the_hundred_kept() throws IOException {
        StringBuilder sheet = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 250; i++) {
            sheet.append("S").append(i).append(",s3://in/1.fq,,P,,,\n");
        }

        Converted converted = convert(sheet.toString(), SheetFormat.CSV);

        assertThat(converted.report().errorCount()).isEqualTo(250);
        assertThat(converted.report().errors()).hasSize(SampleSheetConverter.MAX_REPORTED_ERRORS);
        assertThat(converted.report().text()).endsWith("(150 more not shown)");
    }
}
