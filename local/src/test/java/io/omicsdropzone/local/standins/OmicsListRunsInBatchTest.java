package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OmicsListRunsInBatchTest extends OmicsEmulatorTestBase {

    private String batchId;

    @BeforeEach
    void fiveSubmittedRuns() {
        batchId = startBatch(inlineRequest(uniqueRequestId(), "s1", "s2", "s3", "s4", "s5"));
        omics.advance(batchId);
        omics.advance(batchId);
        omics.advance(batchId); // INPROGRESS: all five submitted
    }

    private SignedHttp.Reply list(String query) {
        return http.get("/runBatch/" + batchId + "/run", query);
    }

    @Test
    void listsEveryRunWithItsIdsWhenUnpaged() {
        JsonNode json = list(null).json();

        assertThat(json.has("nextToken")).isFalse();
        assertThat(json.path("runs")).hasSize(5);
        JsonNode first = json.path("runs").get(0);
        assertThat(first.path("runSettingId").asText()).isEqualTo("s1");
        assertThat(first.path("runId").asText()).matches("[0-9]+");
        assertThat(first.path("runArn").asText()).isEqualTo("arn:aws:omics:us-east-1:123456789012:run/" + first.path("runId").asText());
        assertThat(first.path("runInternalUuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(first.path("submissionStatus").asText()).isEqualTo("SUCCESS");
        assertThat(first.has("submissionFailureReason")).isFalse();
    }

    @Test
    void pagesWithMaxItemsAndNextTokens() {
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String query = "maxItems=2" + (token == null ? "" : "&startingToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            JsonNode page = list(query).json();
            pageSizes.add(page.path("runs").size());
            page.path("runs").forEach(run -> seen.add(run.path("runSettingId").asText()));
            token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
        } while (token != null);

        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactly("s1", "s2", "s3", "s4", "s5");
    }

    @Test
    void filtersByRunSettingIdRunIdOrSubmissionStatus() {
        String runId = omics.batch(batchId).orElseThrow().runs().get(3).runId();

        JsonNode bySetting = list("runSettingId=s2").json().path("runs");
        JsonNode byRun = list("runId=" + runId).json().path("runs");
        JsonNode bySuccess = list("submissionStatus=SUCCESS").json().path("runs");
        JsonNode byFailed = list("submissionStatus=FAILED").json().path("runs");

        assertThat(bySetting).extracting(run -> run.path("runSettingId").asText()).containsExactly("s2");
        assertThat(byRun).extracting(run -> run.path("runSettingId").asText()).containsExactly("s4");
        assertThat(bySuccess).hasSize(5);
        assertThat(byFailed).isEmpty();
    }

    @Test
    void onlyOneFilterIsAllowed() {
        SignedHttp.Reply reply = list("runSettingId=s1&submissionStatus=SUCCESS");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorType()).isEqualTo("ValidationException");
        assertThat(reply.message()).contains("Only one filter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxItems=0", "maxItems=101", "submissionStatus=DONE", "startingToken=bm90LWEtdG9rZW4"})
    void invalidParametersAreValidationErrors(String query) {
        SignedHttp.Reply reply = list(query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorType()).isEqualTo("ValidationException");
    }

    @Test
    void aTokenOnlyWorksWithTheFilterItWasIssuedFor() {
        String token = list("maxItems=1").json().path("nextToken").asText();

        SignedHttp.Reply reply = list("maxItems=1&submissionStatus=SUCCESS&startingToken=" + token);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).contains("startingToken");
    }

    @Test
    void unknownBatchesAreNotFound() {
        SignedHttp.Reply reply = http.get("/runBatch/31415926/run");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorType()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void runsAreListedOnlyOnceSubmitted() {
        String fresh = startBatch(inlineRequest(uniqueRequestId(), "x1"));

        JsonNode runs = http.get("/runBatch/" + fresh + "/run").json().path("runs");

        assertThat(runs).isEmpty();
    }
}
