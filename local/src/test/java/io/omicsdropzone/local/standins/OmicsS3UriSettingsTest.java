package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** s3UriSettings: the file is checked at StartRunBatch, its ETag recorded, and read when the batch validates. */
class OmicsS3UriSettingsTest extends OmicsEmulatorTestBase {

    private static String put(String key, String content) {
        return s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content)).eTag();
    }

    private static String uri(String key) {
        return "s3://" + BUCKET + "/" + key;
    }

    @Test
    void aValidFileBecomesOneRunPerEntry() {
        String etag = put("incoming/cohort.json", runSettingsFile("sample-001", "sample-002", "sample-003"));

        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/cohort.json")));
        assertThat(getBatch(id).has("totalRuns")).as("unknown until the file is read").isFalse();
        String status = omics.settle(id);

        assertThat(status).isEqualTo("PROCESSED");
        assertThat(omics.batch(id).orElseThrow().s3ETag()).isEqualTo(etag);
        assertThat(omics.batch(id).orElseThrow().s3UriSettings()).isEqualTo(uri("incoming/cohort.json"));
        JsonNode batch = getBatch(id);
        assertThat(batch.path("totalRuns").asInt()).isEqualTo(3);
        assertThat(batch.path("runSummary").path("completedRunCount").asInt()).isEqualTo(3);
        JsonNode runs = http.get("/runBatch/" + id + "/run").json().path("runs");
        assertThat(runs).extracting(run -> run.path("runSettingId").asText())
                .containsExactly("sample-001", "sample-002", "sample-003");
    }

    @Test
    void keysWithSpacesAndUnicodeAreReadAsWritten() {
        put("incoming/Kohorte 7/ä+b.json", runSettingsFile("sample-A"));

        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/Kohorte 7/ä+b.json")));

        assertThat(omics.settle(id)).isEqualTo("PROCESSED");
    }

    @Test
    void aMissingObjectIsRejectedDuringTheCallAsTheApiReferenceDocuments() {
        SignedHttp.Reply reply = http.post("/runBatch", s3Request(uniqueRequestId(), uri("incoming/absent.json")));
        SignedHttp.Reply noBucket = http.post("/runBatch", s3Request(uniqueRequestId(), "s3://no-such-bucket/a.json"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorType()).isEqualTo("ValidationException");
        assertThat(reply.message()).contains(uri("incoming/absent.json"));
        assertThat(noBucket.status()).isEqualTo(400);
        assertThat(omics.batches()).isEmpty();
    }

    @Test
    void withAsynchronousCheckingAMissingObjectFailsTheBatchLater() {
        omics.s3UriAccessCheck(OmicsBatchEmulator.S3UriAccessCheck.ASYNCHRONOUS);

        SignedHttp.Reply reply = http.post("/runBatch", s3Request(uniqueRequestId(), uri("incoming/absent.json")));
        String id = reply.json().path("id").asText();
        String status = omics.settle(id);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(status).isEqualTo("FAILED");
        assertThat(getBatch(id).path("failureReason").asText()).contains(uri("incoming/absent.json"), "does not exist");
        assertThat(eventStatuses(id)).containsExactly("CREATING", "PENDING", "FAILED");
        JsonNode failed = events().get(2).path("detail");
        assertThat(failed.path("failureReason").asText()).isEqualTo("VALIDATION_EXCEPTION");
        assertThat(failed.path("failureMessage").asText()).contains("does not exist");
        assertThat(failed.has("totalRuns")).isFalse();
    }

    @Test
    void aFileChangedAfterStartRunBatchFailsTheBatch() {
        String before = put("incoming/changing.json", runSettingsFile("sample-A"));
        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/changing.json")));
        String after = put("incoming/changing.json", runSettingsFile("sample-A", "sample-B"));

        String status = omics.settle(id);

        assertThat(status).isEqualTo("FAILED");
        assertThat(getBatch(id).path("failureReason").asText()).isEqualTo("Expected s3UriConfigs etag: " + before
                + " but was: " + after + ". s3UriConfigs have changed since calling StartRunBatch");
        assertThat(omics.batch(id).orElseThrow().runs()).isEmpty();
    }

    @Test
    void aFileDeletedAfterStartRunBatchFailsTheBatch() {
        put("incoming/deleted.json", runSettingsFile("sample-A"));
        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/deleted.json")));
        s3.deleteObject(b -> b.bucket(BUCKET).key("incoming/deleted.json"));

        assertThat(omics.settle(id)).isEqualTo("FAILED");

        assertThat(getBatch(id).path("failureReason").asText())
                .contains("no longer exists", "s3UriConfigs have changed since calling StartRunBatch");
    }

    @Test
    void aFileChangedAfterTheRunsWereCreatedNoLongerMatters() {
        put("incoming/late-change.json", runSettingsFile("sample-A"));
        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/late-change.json")));
        omics.advance(id);
        omics.advance(id); // SUBMITTING: runs created from the file
        put("incoming/late-change.json", "overwritten");

        assertThat(omics.settle(id)).isEqualTo("PROCESSED");
    }

    @Test
    void invalidJsonFailsTheBatch() {
        put("incoming/broken.json", "[{\"runSettingId\": \"a\"");

        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/broken.json")));

        assertThat(omics.settle(id)).isEqualTo("FAILED");
        assertThat(getBatch(id).path("failureReason").asText()).startsWith("Invalid JSON format in run configurations");
    }

    @Test
    void aJsonObjectInsteadOfAnArrayFailsTheBatch() {
        put("incoming/object.json", "{\"runSettingId\": \"a\"}");

        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/object.json")));

        assertThat(omics.settle(id)).isEqualTo("FAILED");
        assertThat(getBatch(id).path("failureReason").asText()).startsWith("Invalid JSON format in run configurations");
    }

    @Test
    void entriesThatBreakTheInlineSettingShapeFailTheBatch() {
        put("incoming/bad-entry.json", "[{\"runSettingId\": \"a\"}, {\"name\": \"no id\", \"priority\": 100001}, {\"runSettingId\": \"c\", \"runId\": \"1\"}]");

        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/bad-entry.json")));

        assertThat(omics.settle(id)).isEqualTo("FAILED");
        assertThat(getBatch(id).path("failureReason").asText())
                .startsWith("2 validation errors detected: ")
                .contains("Value null at 's3UriSettings[1].runSettingId'")
                .contains("Value '100001' at 's3UriSettings[1].priority'");
    }

    @Test
    void duplicateRunSettingIdsInTheFileFailTheBatch() {
        put("incoming/dupes.json", runSettingsFile("a", "b", "a"));

        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/dupes.json")));

        assertThat(omics.settle(id)).isEqualTo("FAILED");
        assertThat(getBatch(id).path("failureReason").asText()).isEqualTo("Expected 3 unique runSettingIds but there were 2");
    }

    @Test
    void anEmptyArrayFailsTheBatch() {
        put("incoming/empty.json", "[]");

        String id = startBatch(s3Request(uniqueRequestId(), uri("incoming/empty.json")));

        assertThat(omics.settle(id)).isEqualTo("FAILED");
        assertThat(getBatch(id).path("failureReason").asText()).contains("0 runs");
    }
}
