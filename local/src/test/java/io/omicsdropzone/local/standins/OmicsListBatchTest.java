package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ListBatch as the API reference documents it (https://docs.aws.amazon.com/omics/latest/api/API_ListBatch.html):
 * GET /runBatch, one filter per call (name, status or runGroupId), maxItems 1–100, startingToken paging, BatchListItem
 * items.
 */
class OmicsListBatchTest extends OmicsEmulatorTestBase {

    private static String named(String name) {
        ObjectNode body = inlineRequest(uniqueRequestId(), "sample-001");
        body.put("batchName", name);
        return startBatch(body);
    }

    @Test
    void aNameFilterListsEveryBatchOfThatNamePageByPage() {
        List<String> runSettings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runSettings.add(named("run-settings"));
        }
        String other = named("cohort-8");

        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = http.get("/runBatch?name=run-settings&maxItems=2"
                    + (token == null ? "" : "&startingToken=" + token)).json();
            page.path("items").forEach(item -> {
                assertThat(item.path("name").asText()).isEqualTo("run-settings");
                assertThat(item.has("createdAt")).isTrue();
                assertThat(item.path("workflowId").asText()).isEqualTo("1234567");
                listed.add(item.path("id").asText());
            });
            token = page.path("nextToken").isMissingNode() ? null : page.path("nextToken").asText();
            pages++;
        } while (token != null);

        assertThat(listed).containsExactlyInAnyOrderElementsOf(runSettings).doesNotContain(other);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aStatusFilterListsOnlyBatchesInThatStatus() {
        String processed = named("a");
        omics.settle(processed);
        String pending = named("b");

        JsonNode page = http.get("/runBatch?status=PROCESSED").json();

        assertThat(page.path("items")).extracting(item -> item.path("id").asText()).contains(processed)
                .doesNotContain(pending);
    }

    @Test
    void twoFiltersInOneCallAreAValidationException() {
        SignedHttp.Reply reply = http.get("/runBatch?name=a&status=PENDING");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorType()).isEqualTo("ValidationException");
        assertThat(reply.message()).contains("Only one filter");
    }

    @Test
    void maxItemsOutsideOneToHundredAndForeignTokensAreRefused() {
        named("x");

        assertThat(http.get("/runBatch?maxItems=0").status()).isEqualTo(400);
        assertThat(http.get("/runBatch?maxItems=101").status()).isEqualTo(400);
        assertThat(http.get("/runBatch?status=DONE").status()).isEqualTo(400);
        assertThat(http.get("/runBatch?name=x&startingToken=bm90LW91cnM").status()).isEqualTo(400);
    }
}
