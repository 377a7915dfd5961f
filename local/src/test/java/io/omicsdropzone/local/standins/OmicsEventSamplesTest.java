package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The emulator's "RunBatch Status Change" events carry every field of the project's canonical samples
 * ({@code events/batch/*.json}, on the test classpath), with the same envelope and string-typed detail values.
 * Inline batches are used so that totalRuns is known from the start.
 */
class OmicsEventSamplesTest extends OmicsEmulatorTestBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch-pending.json, PENDING", "batch-inprogress.json, INPROGRESS",
            "batch-processed.json, PROCESSED", "batch-failed.json, FAILED"})
    void emittedEventsHaveTheFieldsOfTheCanonicalSample(String sampleFile, String status) throws IOException {
        JsonNode sample = sample(sampleFile);
        String id = startBatch(status.equals("FAILED")
                ? inlineRequest(uniqueRequestId(), "sample-001", "sample-002", "sample-001")
                : inlineRequest(uniqueRequestId(), "sample-001", "sample-002", "sample-003"));

        omics.settle(id);

        JsonNode emitted = events().stream()
                .filter(event -> event.path("detail").path("status").asText().equals(status))
                .findFirst().orElseThrow(() -> new AssertionError("no " + status + " event in " + omics.events()));
        assertThat(names(emitted)).containsExactlyInAnyOrderElementsOf(names(sample));
        assertThat(names(emitted.path("detail"))).containsAll(names(sample.path("detail")));
        emitted.path("detail").properties().forEach(field ->
                assertThat(field.getValue().getNodeType()).as(field.getKey()).isEqualTo(sample.path("detail").path("omicsVersion").getNodeType()));
        assertThat(emitted.path("detail-type")).isEqualTo(sample.path("detail-type"));
        assertThat(emitted.path("source")).isEqualTo(sample.path("source"));
        assertThat(emitted.path("detail").path("totalRuns").asText()).isEqualTo(sample.path("detail").path("totalRuns").asText());
    }

    private static JsonNode sample(String file) throws IOException {
        try (InputStream in = OmicsEventSamplesTest.class.getResourceAsStream("/events/batch/" + file)) {
            if (in == null) {
                throw new AssertionError("events/batch/" + file + " is not on the test classpath");
            }
            return JSON.readTree(in);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
