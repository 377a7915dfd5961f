package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ListRuns (GET /run, filtered by batchId and status) and GetRun (GET /run/{id}) on the emulator, in the service
 * model's shapes: per-run submission failures leave no run, run statuses come from the batch's progress.
 */
class OmicsListRunsAndGetRunTest extends OmicsEmulatorTestBase {

    private String batchId;

    @BeforeEach
    void aBatchWithOneRefusedSubmissionAndOneFailedRun() {
        omics.failSubmissionOf("s2"::equals, "ValidationException", "parameter sample is not defined");
        omics.failRunsOf("s4"::equals);
        batchId = startBatch(inlineRequest(uniqueRequestId(), "s1", "s2", "s3", "s4", "s5"));
        omics.settle(batchId);
    }

    @AfterEach
    void forgetFailures() {
        omics.clearFaults();
    }

    private static JsonNode listRuns(String query) {
        SignedHttp.Reply reply = http.get("/run", query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void listsTheSubmittedRunsOfABatchByStatus() {
        JsonNode all = listRuns("batchId=" + batchId).path("items");
        JsonNode failed = listRuns("batchId=" + batchId + "&status=FAILED").path("items");
        JsonNode completed = listRuns("batchId=" + batchId + "&status=COMPLETED").path("items");

        assertThat(all).hasSize(4); // s2's submission failed: it never became a run
        assertThat(failed).hasSize(1);
        assertThat(completed).hasSize(3);
        JsonNode run = failed.get(0);
        String s4 = omics.batch(batchId).orElseThrow().runs().stream()
                .filter(r -> r.runSettingId().equals("s4")).findFirst().orElseThrow().runId();
        assertThat(run.path("id").asText()).isEqualTo(s4);
        assertThat(run.path("arn").asText()).isEqualTo("arn:aws:omics:us-east-1:123456789012:run/" + s4);
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("batchId").asText()).isEqualTo(batchId);
        assertThat(run.path("workflowId").asText()).matches("[0-9]+");
        assertThat(run.has("runSettingId")).isFalse(); // RunListItem has no runSettingId
    }

    @Test
    void pagesWithMaxResultsAndRefusesBadFilters() {
        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = listRuns("batchId=" + batchId + "&maxResults=3"
                    + (token == null ? "" : "&startingToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            page.path("items").forEach(item -> ids.add(item.path("id").asText()));
            token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(2);
        assertThat(ids).hasSize(4).doesNotHaveDuplicates();
        SignedHttp.Reply badStatus = http.get("/run", "status=BROKEN");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body()).contains("status");
        assertThat(http.get("/run", "maxResults=101").status()).isEqualTo(400);
    }

    @Test
    void getRunTellsWhyARunFailedAndAnswers404ForAnUnknownRun() {
        String runId = listRuns("batchId=" + batchId + "&status=FAILED").path("items").get(0).path("id").asText();

        SignedHttp.Reply reply = http.get("/run/" + runId);
        SignedHttp.Reply unknown = http.get("/run/999999999");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode run = reply.json();
        assertThat(run.path("id").asText()).isEqualTo(runId);
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("batchId").asText()).isEqualTo(batchId);
        assertThat(run.path("roleArn").asText()).startsWith("arn:aws:iam::");
        assertThat(run.path("failureReason").asText()).isNotBlank();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorTypeHeader()).startsWith("ResourceNotFoundException");
    }
}
