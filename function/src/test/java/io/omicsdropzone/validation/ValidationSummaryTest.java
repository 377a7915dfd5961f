package io.omicsdropzone.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationSummaryTest {

    private static final int SNS_MESSAGE_LIMIT = 256 * 1024;
    private static final int DYNAMODB_ITEM_LIMIT = 400 * 1024;

    @Test
    void aValidReportIsOneShortObject() {
        ValidationReport valid = new ValidationReport(3, 0, List.of());

        assertThat(ValidationSummary.json(valid)).isEqualTo(
                "{\"valid\":true,\"entryCount\":3,\"errorCount\":0,\"errorsShown\":0,\"errorsOmitted\":0,"
                        + "\"errors\":[]}");
        assertThat(ValidationSummary.text(valid)).isEqualTo("run-settings file is valid: 3 entries");
    }

    @Test
    void anInvalidReportListsItsErrors() throws IOException {
        ValidationReport report = Validation.of("[{\"priority\": \"x\\\"y\", \"runSettingId\": \"a\"}]");

        String json = ValidationSummary.json(report);

        assertThat(json).isEqualTo("{\"valid\":false,\"entryCount\":1,\"errorCount\":1,\"errorsShown\":1,"
                + "\"errorsOmitted\":0,\"errors\":[{\"entryIndex\":0,\"runSettingId\":\"a\","
                + "\"pointer\":\"/0/priority\","
                + "\"line\":1,\"column\":15,\"message\":\"priority must be an integer, found a string ('x\\\"y')\"}]}");
        assertThat(ValidationSummary.text(report)).isEqualTo("run-settings file is invalid: 1 problem in 1 entries\n"
                + "entry 0 (runSettingId a) /0/priority: priority must be an integer, found a string ('x\"y')"
                + " [line 1, column 15]");
    }

    /**
     * The worst case the validator can produce: 100 errors, each with every field at the bound ErrorCollector
     * enforces, made of the characters that cost most in UTF-8 JSON. Even unbudgeted, all 100 fit in an SNS message;
     * the default budget leaves three quarters of it for the rest of the notification.
     */
    @Test
    void theWorstCaseOf100BoundedErrorsFitsSnsAndDynamoDb() throws IOException {
        String threeByteChars = "€".repeat(50_000);
        String longestId = "🧬".repeat(FieldRules.MAX_ID_CHARS);
        ErrorCollector errors = new ErrorCollector(RunSettingsValidator.MAX_REPORTED_ERRORS);
        for (int i = 0; i < 1_000; i++) {
            errors.beginEntry();
            errors.add(Long.MAX_VALUE, threeByteChars, Long.MAX_VALUE, Long.MAX_VALUE, Problem.plain(threeByteChars));
            errors.endEntry(longestId);
        }
        ValidationReport worst = new ValidationReport(Long.MAX_VALUE, Long.MAX_VALUE, errors.kept());
        assertThat(worst.errors()).hasSize(100);

        String unbudgeted = ValidationSummary.json(worst, Integer.MAX_VALUE);
        String summary = ValidationSummary.json(worst);
        String text = ValidationSummary.text(worst);

        assertThat(fields(unbudgeted)).containsEntry("errorsShown", "100");
        assertThat(utf8(unbudgeted)).isLessThan(SNS_MESSAGE_LIMIT).isLessThan(DYNAMODB_ITEM_LIMIT);
        assertThat(utf8(summary)).isLessThanOrEqualTo(ValidationSummary.DEFAULT_MAX_BYTES);
        assertThat(utf8(text)).isLessThanOrEqualTo(ValidationSummary.DEFAULT_MAX_BYTES);
        Map<String, String> shown = fields(summary);
        assertThat(Long.parseLong(shown.get("errorsShown"))).isPositive();
        assertThat(Long.parseLong(shown.get("errorsShown")) + Long.parseLong(shown.get("errorsOmitted")))
                .isEqualTo(Long.MAX_VALUE);
    }

    /** Errors built by a caller need not respect the collector's bounds; the budget holds anyway. */
    @Test
    void arbitraryErrorsNeverExceedTheBudgetAndStayValidJson() throws IOException {
        String controls = "\u0001\"\\\n".repeat(5_000) + "\uD800";
        List<ValidationError> huge = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            huge.add(new ValidationError(i, controls, controls, 1, 1, i % 2 == 0 ? controls : "short"));
        }
        ValidationReport report = new ValidationReport(100, 100, huge);

        for (int budget : new int[] {1024, 4096, ValidationSummary.DEFAULT_MAX_BYTES}) {
            String json = ValidationSummary.json(report, budget);
            String text = ValidationSummary.text(report, budget);

            assertThat(utf8(json)).isLessThanOrEqualTo(budget);
            assertThat(utf8(text)).isLessThanOrEqualTo(budget);
            assertThat(fields(json)).containsEntry("errorCount", "100");
            // One line per shown error: a raw line break inside a field would have split one.
            List<String> lines = List.of(text.split("\n"));
            assertThat(text).doesNotContain("\u0001");
            assertThat(lines.subList(1, lines.size()))
                    .allSatisfy(line -> assertThat(line).matches("(entry \\d+ |\\().*"));
        }
    }

    @Test
    void ordinaryErrorsAreAllShown() throws IOException {
        StringBuilder file = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            file.append(i == 0 ? "" : ",").append("{\"runSettingId\": \"sample-").append(i)
                    .append("\", \"outputUri\": \"results/sample-").append(i).append("/\"}");
        }
        ValidationReport report = Validation.of(file.append("]").toString());

        Map<String, String> summary = fields(ValidationSummary.json(report));

        assertThat(summary).containsEntry("errorsShown", "100").containsEntry("errorsOmitted", "200");
        assertThat(ValidationSummary.text(report)).endsWith("\n(200 more not shown)");
    }

    @Test
    void aBudgetUnder1024BytesIsRefused() {
        ValidationReport valid = new ValidationReport(1, 0, List.of());

        assertThatThrownBy(() -> ValidationSummary.json(valid, 1023)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Parses the summary (proving it is well-formed JSON) and returns its top-level scalar fields. */
    private static Map<String, String> fields(String json) throws IOException {
        Map<String, String> top = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json.getBytes(StandardCharsets.UTF_8))) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue()) {
                    top.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
            assertThat(parser.nextToken()).isNull();
        }
        return top;
    }
}
