package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Batch lifecycle, GetBatch, CancelRunBatch, idempotency and status-change events. */
class OmicsBatchLifecycleTest extends OmicsEmulatorTestBase {

    @Test
    void startRunBatchAnswers201WithTheDocumentedShape() {
        SignedHttp.Reply reply = http.post("/runBatch", inlineRequest(uniqueRequestId(), "sample-A", "sample-B"));

        JsonNode json = reply.json();
        assertThat(reply.status()).isEqualTo(201);
        assertThat(json.path("id").asText()).matches("[0-9]{1,18}");
        assertThat(json.path("arn").asText()).isEqualTo("arn:aws:omics:us-east-1:123456789012:runBatch/" + json.path("id").asText());
        assertThat(json.path("status").asText()).isEqualTo("CREATING");
        assertThat(json.path("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(json.path("tags")).isEqualTo(JSON.createObjectNode().put("project", "omics-dropzone"));
        assertThat(iterable(json.fieldNames())).containsExactlyInAnyOrder("id", "arn", "status", "uuid", "tags");
    }

    @Test
    void aBatchWalksCreatingPendingSubmittingInprogressProcessedWithConsistentCounts() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A", "sample-B"));
        List<String> statuses = new ArrayList<>();
        List<JsonNode> snapshots = new ArrayList<>();
        snapshots.add(getBatch(id));
        while (!snapshots.get(snapshots.size() - 1).path("status").asText().equals("PROCESSED")) {
            omics.advance(id);
            snapshots.add(getBatch(id));
        }
        for (JsonNode snapshot : snapshots) {
            statuses.add(snapshot.path("status").asText());
        }

        assertThat(statuses).containsExactly("CREATING", "PENDING", "SUBMITTING", "INPROGRESS", "INPROGRESS",
                "INPROGRESS", "PROCESSED");
        for (JsonNode snapshot : snapshots) {
            JsonNode runs = snapshot.path("runSummary");
            int executing = runs.path("pendingRunCount").asInt() + runs.path("startingRunCount").asInt()
                    + runs.path("runningRunCount").asInt() + runs.path("stoppingRunCount").asInt();
            int finished = runs.path("completedRunCount").asInt() + runs.path("failedRunCount").asInt()
                    + runs.path("cancelledRunCount").asInt() + runs.path("deletedRunCount").asInt();
            assertThat(executing + finished).as("runs counted in %s", snapshot.path("status"))
                    .isEqualTo(snapshot.path("submissionSummary").path("successfulStartSubmissionCount").asInt());
            assertThat(snapshot.path("totalRuns").asInt()).isEqualTo(2);
        }
        JsonNode inProgress = snapshots.get(3);
        assertThat(inProgress.path("submissionSummary").path("successfulStartSubmissionCount").asInt()).isEqualTo(2);
        assertThat(inProgress.path("submissionSummary").path("pendingStartSubmissionCount").asInt()).isZero();
        assertThat(inProgress.path("runSummary").path("pendingRunCount").asInt()).isEqualTo(2);
        assertThat(inProgress.has("submittedTime")).isTrue();
        assertThat(inProgress.has("processedTime")).isFalse();
        JsonNode processed = snapshots.get(snapshots.size() - 1);
        assertThat(processed.path("runSummary").path("completedRunCount").asInt()).isEqualTo(2);
        assertThat(Instant.parse(processed.path("processedTime").asText()))
                .isAfterOrEqualTo(Instant.parse(processed.path("creationTime").asText()));
    }

    @Test
    void getBatchReturnsTheDocumentedFieldsAndEchoesTheDefaultRunSetting() {
        ObjectNode body = inlineRequest(uniqueRequestId(), "sample-A");
        String id = startBatch(body);

        JsonNode batch = getBatch(id);

        assertThat(batch.path("id").asText()).isEqualTo(id);
        assertThat(batch.path("name").asText()).isEqualTo("cohort-7");
        assertThat(batch.path("status").asText()).isEqualTo("CREATING");
        assertThat(batch.path("defaultRunSetting")).isEqualTo(body.get("defaultRunSetting"));
        assertThat(iterable(batch.path("submissionSummary").fieldNames())).containsExactlyInAnyOrder(
                "successfulStartSubmissionCount", "failedStartSubmissionCount", "pendingStartSubmissionCount",
                "successfulCancelSubmissionCount", "failedCancelSubmissionCount", "successfulDeleteSubmissionCount",
                "failedDeleteSubmissionCount");
        assertThat(iterable(batch.path("runSummary").fieldNames())).containsExactlyInAnyOrder(
                "pendingRunCount", "startingRunCount", "runningRunCount", "stoppingRunCount", "completedRunCount",
                "deletedRunCount", "failedRunCount", "cancelledRunCount");
        assertThat(Instant.parse(batch.path("creationTime").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(batch.has("failureReason")).isFalse();
    }

    @Test
    void getBatchOfAnUnknownIdIsNotFoundAndOfAMalformedIdInvalid() {
        SignedHttp.Reply unknown = http.get("/runBatch/999999");
        SignedHttp.Reply malformed = http.get("/runBatch/abc");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(unknown.message()).contains("999999");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorType()).isEqualTo("ValidationException");
    }

    @Test
    void theSameRequestIdAndBodyReturnTheSameBatch() {
        String requestId = uniqueRequestId();
        ObjectNode body = inlineRequest(requestId, "sample-A");
        ObjectNode reordered = JSON.createObjectNode();
        reordered.set("batchRunSettings", body.get("batchRunSettings"));
        reordered.set("defaultRunSetting", body.get("defaultRunSetting"));
        reordered.set("tags", body.get("tags"));
        reordered.put("batchName", "cohort-7");
        reordered.put("requestId", requestId);

        SignedHttp.Reply first = http.post("/runBatch", body);
        SignedHttp.Reply again = http.post("/runBatch", body);
        SignedHttp.Reply reorderedReply = http.post("/runBatch", reordered);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(reorderedReply.status()).isEqualTo(201);
        assertThat(again.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(again.json().path("uuid")).isEqualTo(first.json().path("uuid"));
        assertThat(reorderedReply.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(omics.batches()).hasSize(1);
        assertThat(omics.count("StartRunBatch")).isEqualTo(3);
        assertThat(eventStatuses(first.json().path("id").asText())).containsExactly("CREATING");
    }

    @Test
    void theSameRequestIdWithAnotherBodyIsAConflict() {
        String requestId = uniqueRequestId();
        http.post("/runBatch", inlineRequest(requestId, "sample-A"));

        SignedHttp.Reply conflict = http.post("/runBatch", inlineRequest(requestId, "sample-A", "sample-B"));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorType()).isEqualTo("ConflictException");
        assertThat(conflict.message()).contains(requestId);
        assertThat(omics.batches()).hasSize(1);
    }

    @Test
    void cancelStopsAnInProgressBatchAndCancelsItsRuns() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A", "sample-B", "sample-C"));
        omics.advance(id);
        omics.advance(id);
        omics.advance(id);
        omics.advance(id); // runs STARTING
        assertThat(getBatch(id).path("status").asText()).isEqualTo("INPROGRESS");

        SignedHttp.Reply cancel = http.post("/runBatch/cancel", JSON.createObjectNode().put("batchId", id));
        String stopping = getBatch(id).path("status").asText();
        omics.advance(id);
        JsonNode cancelled = getBatch(id);

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json()).isEqualTo(JSON.createObjectNode());
        assertThat(stopping).isEqualTo("STOPPING");
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("submissionSummary").path("successfulCancelSubmissionCount").asInt()).isEqualTo(3);
        assertThat(cancelled.path("runSummary").path("cancelledRunCount").asInt()).isEqualTo(3);
        assertThat(omics.batch(id).orElseThrow().runs()).extracting(OmicsBatchEmulator.RunView::submissionStatus)
                .containsOnly("CANCEL_SUCCESS");
        assertThat(eventStatuses(id)).endsWith("INPROGRESS", "STOPPING", "CANCELLED");
    }

    @Test
    void cancelIsOnlyAllowedInPendingSubmittingAndInprogress() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));
        ObjectNode cancelBody = JSON.createObjectNode().put("batchId", id);

        SignedHttp.Reply whileCreating = http.post("/runBatch/cancel", cancelBody);
        omics.advance(id);
        SignedHttp.Reply whilePending = http.post("/runBatch/cancel", cancelBody);
        SignedHttp.Reply whileStopping = http.post("/runBatch/cancel", cancelBody);
        omics.advance(id);
        SignedHttp.Reply whenCancelled = http.post("/runBatch/cancel", cancelBody);

        assertThat(whileCreating.status()).isEqualTo(409);
        assertThat(whileCreating.errorType()).isEqualTo("ConflictException");
        assertThat(whilePending.status()).isEqualTo(202);
        assertThat(whileStopping.status()).isEqualTo(409);
        assertThat(whenCancelled.status()).isEqualTo(409);
        assertThat(getBatch(id).path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void cancelOfUnknownMissingOrMalformedIdsIsRejected() {
        SignedHttp.Reply unknown = http.post("/runBatch/cancel", JSON.createObjectNode().put("batchId", "424242"));
        SignedHttp.Reply missing = http.post("/runBatch/cancel", JSON.createObjectNode());
        SignedHttp.Reply malformed = http.post("/runBatch/cancel", JSON.createObjectNode().put("batchId", "batch-1"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.message()).contains("Value null at 'batchId'");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorType()).isEqualTo("ValidationException");
    }

    @Test
    void everyTransitionEmitsARunBatchStatusChangeEventWithStringValues() {
        List<String> received = new CopyOnWriteArrayList<>();
        omics.onStatusChange(received::add);
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A", "sample-B"));

        assertThat(omics.settle(id)).isEqualTo("PROCESSED");

        assertThat(received).isEqualTo(omics.events());
        assertThat(eventStatuses(id)).containsExactly("CREATING", "PENDING", "SUBMITTING", "INPROGRESS", "PROCESSED");
        String arn = omics.batch(id).orElseThrow().arn();
        for (JsonNode event : events()) {
            assertThat(event.path("version").asText()).isEqualTo("0");
            assertThat(event.path("id").asText()).matches("[0-9a-f-]{36}");
            assertThat(event.path("detail-type").asText()).isEqualTo("RunBatch Status Change");
            assertThat(event.path("source").asText()).isEqualTo("aws.omics");
            assertThat(event.path("account").asText()).isEqualTo("123456789012");
            assertThat(event.path("region").asText()).isEqualTo("us-east-1");
            assertThat(event.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(event.path("resources")).containsExactly(JSON.getNodeFactory().textNode(arn));
            event.path("detail").properties().forEach(field ->
                    assertThat(field.getValue().isTextual()).as("detail.%s is a string", field.getKey()).isTrue());
            assertThat(event.path("detail").path("omicsVersion").asText()).isEqualTo("1.0.0");
            assertThat(event.path("detail").path("arn").asText()).isEqualTo(arn);
            assertThat(event.path("detail").path("batchName").asText()).isEqualTo("cohort-7");
            assertThat(event.path("detail").path("workflowId").asText()).isEqualTo("1234567");
            assertThat(event.path("detail").has("failureReason")).isFalse();
        }
        JsonNode creating = events().get(0).path("detail");
        assertThat(creating.has("successfulStartSubmissionCount")).as("counters before runs exist").isFalse();
        JsonNode processed = events().get(4).path("detail");
        assertThat(processed.path("totalRuns").asText()).isEqualTo("2");
        assertThat(processed.path("successfulStartSubmissionCount").asText()).isEqualTo("2");
        assertThat(processed.path("failedStartSubmissionCount").asText()).isEqualTo("0");
        assertThat(processed.path("pendingStartSubmissionCount").asText()).isEqualTo("0");
        assertThat(processed.path("completedRunCount").asText()).isEqualTo("2");
        assertThat(processed.path("failedRunCount").asText()).isEqualTo("0");
        assertThat(processed.path("workflowArn").asText()).isEqualTo("arn:aws:omics:us-east-1:123456789012:workflow/1234567");
    }

    @Test
    void failedBatchesCarryAFailureCodeAndMessageInTheEventAndProseInGetBatch() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));

        omics.failBatch(id, "INTERNAL_SERVER_EXCEPTION", "There was a transient error in the service. Retry the batch.");

        JsonNode batch = getBatch(id);
        assertThat(batch.path("status").asText()).isEqualTo("FAILED");
        assertThat(batch.path("failureReason").asText()).isEqualTo("There was a transient error in the service. Retry the batch.");
        assertThat(batch.has("failedTime")).isTrue();
        JsonNode detail = events().get(events().size() - 1).path("detail");
        assertThat(detail.path("status").asText()).isEqualTo("FAILED");
        assertThat(detail.path("failureReason").asText()).isEqualTo("INTERNAL_SERVER_EXCEPTION");
        assertThat(detail.path("failureMessage").asText()).isEqualTo("There was a transient error in the service. Retry the batch.");
        assertThat(omics.advance(id)).isEqualTo("FAILED");
    }

    @Test
    void duplicateRunSettingIdsFailTheBatchWhenItValidates() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A", "sample-B", "sample-A"));

        assertThat(omics.settle(id)).isEqualTo("FAILED");

        assertThat(getBatch(id).path("failureReason").asText()).isEqualTo("Expected 3 unique runSettingIds but there were 2");
        assertThat(eventStatuses(id)).containsExactly("CREATING", "PENDING", "FAILED");
        assertThat(events().get(2).path("detail").path("failureReason").asText()).isEqualTo("VALIDATION_EXCEPTION");
    }

    @Test
    void submissionFailuresArePartialAndListedWithReasonAndMessage() {
        omics.failSubmissionOf(id -> id.equals("sample-B"), "ValidationException", "Parameter 'input' is not a valid S3 URI");
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A", "sample-B", "sample-C"));

        assertThat(omics.settle(id)).isEqualTo("PROCESSED");

        JsonNode batch = getBatch(id);
        assertThat(batch.path("submissionSummary").path("successfulStartSubmissionCount").asInt()).isEqualTo(2);
        assertThat(batch.path("submissionSummary").path("failedStartSubmissionCount").asInt()).isEqualTo(1);
        assertThat(batch.path("runSummary").path("completedRunCount").asInt()).isEqualTo(2);
        JsonNode failed = http.get("/runBatch/" + id + "/run", "submissionStatus=FAILED").json().path("runs");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("runSettingId").asText()).isEqualTo("sample-B");
        assertThat(failed.get(0).path("submissionStatus").asText()).isEqualTo("FAILED");
        assertThat(failed.get(0).path("submissionFailureReason").asText()).isEqualTo("ValidationException");
        assertThat(failed.get(0).path("submissionFailureMessage").asText()).isEqualTo("Parameter 'input' is not a valid S3 URI");
        assertThat(failed.get(0).has("runId")).isFalse();
        JsonNode processed = events().get(events().size() - 1).path("detail");
        assertThat(processed.path("failedStartSubmissionCount").asText()).isEqualTo("1");
    }

    @Test
    void runsMarkedToFailEndFailedAndAreCountedSo() {
        omics.failRunsOf(id -> id.endsWith("-B"));
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A", "sample-B"));

        omics.settle(id);

        JsonNode runs = getBatch(id).path("runSummary");
        assertThat(runs.path("completedRunCount").asInt()).isEqualTo(1);
        assertThat(runs.path("failedRunCount").asInt()).isEqualTo(1);
    }

    @Test
    void submissionsPerStepMakesSubmissionGradual() {
        omics.submissionsPerStep(2);
        String id = startBatch(inlineRequest(uniqueRequestId(), "s1", "s2", "s3", "s4", "s5"));
        omics.advance(id);
        omics.advance(id); // SUBMITTING: runs validated, none submitted yet

        JsonNode beforeSubmitting = getBatch(id).path("submissionSummary");
        omics.advance(id);
        JsonNode afterOneStep = getBatch(id);
        omics.advance(id);
        omics.advance(id);
        JsonNode afterThreeSteps = getBatch(id);

        assertThat(beforeSubmitting.path("pendingStartSubmissionCount").asInt()).isEqualTo(5);
        assertThat(afterOneStep.path("status").asText()).isEqualTo("SUBMITTING");
        assertThat(afterOneStep.path("submissionSummary").path("pendingStartSubmissionCount").asInt()).isEqualTo(3);
        assertThat(afterOneStep.path("submissionSummary").path("successfulStartSubmissionCount").asInt()).isEqualTo(2);
        assertThat(afterThreeSteps.path("status").asText()).isEqualTo("INPROGRESS");
        assertThat(afterThreeSteps.path("submissionSummary").path("pendingStartSubmissionCount").asInt()).isZero();
    }

    @Test
    void autoAdvanceCarriesABatchToProcessedOnItsOwn() throws InterruptedException {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));

        omics.autoAdvance(Duration.ofMillis(10));
        Instant deadline = Instant.now().plusSeconds(10);
        while (!getBatch(id).path("status").asText().equals("PROCESSED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        omics.autoAdvance(null);

        assertThat(getBatch(id).path("status").asText()).isEqualTo("PROCESSED");
        assertThat(eventStatuses(id)).containsExactly("CREATING", "PENDING", "SUBMITTING", "INPROGRESS", "PROCESSED");
    }

    @Test
    void aFailingSinkDoesNotStopOtherSinksOrTheEmulator() {
        List<String> received = new ArrayList<>();
        omics.onStatusChange(event -> {
            throw new IllegalStateException("sink down");
        });
        omics.onStatusChange(received::add);

        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));

        assertThat(received).hasSize(1);
        assertThat(getBatch(id).path("status").asText()).isEqualTo("CREATING");
    }

    @Test
    void aSinkMayCallTheEmulatorBackOverHttpWithoutDeadlocking() {
        List<String> seenByGetBatch = new CopyOnWriteArrayList<>();
        omics.onStatusChange(event -> seenByGetBatch.add(
                getBatch(parse(event).path("detail").path("batchId").asText()).path("status").asText()));
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));

        String status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> omics.settle(id));

        assertThat(status).isEqualTo("PROCESSED");
        assertThat(seenByGetBatch).containsExactly("CREATING", "PENDING", "SUBMITTING", "INPROGRESS", "PROCESSED");
    }

    @Test
    void aSinkMaySettleTheBatchItIsToldAboutAndStillSeesEventsInOrder() {
        List<String> delivered = new CopyOnWriteArrayList<>();
        omics.onStatusChange(event -> {
            JsonNode detail = parse(event).path("detail");
            delivered.add(detail.path("status").asText());
            omics.settle(detail.path("batchId").asText());
        });

        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));

        assertThat(getBatch(id).path("status").asText()).isEqualTo("PROCESSED");
        assertThat(delivered).containsExactly("CREATING", "PENDING", "SUBMITTING", "INPROGRESS", "PROCESSED");
        assertThat(eventStatuses(id)).isEqualTo(delivered);
    }

    @Test
    void resetForgetsBatchesCallsEventsAndFaults() {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));
        omics.throttleNext("GetBatch", 5);

        omics.reset();

        assertThat(omics.batches()).isEmpty();
        assertThat(omics.calls()).isEmpty();
        assertThat(omics.events()).isEmpty();
        assertThat(http.get("/runBatch/" + id).status()).as("not throttled, and gone").isEqualTo(404);
    }

    @Test
    void batchViewExposesTheRecordedRequestAndRuns() {
        ObjectNode body = inlineRequest(uniqueRequestId(), "sample-A", "sample-B");
        String id = startBatch(body);
        omics.settle(id);

        OmicsBatchEmulator.BatchView view = omics.batch(id).orElseThrow();

        assertThat(parse(view.requestBody())).isEqualTo(body);
        assertThat(view.requestId()).isEqualTo(body.path("requestId").asText());
        assertThat(view.tags()).isEqualTo(Map.of("project", "omics-dropzone"));
        assertThat(view.runs()).extracting(OmicsBatchEmulator.RunView::runSettingId).containsExactly("sample-A", "sample-B");
        assertThat(view.runs()).extracting(OmicsBatchEmulator.RunView::runStatus).containsOnly("COMPLETED");
        assertThat(view.runs()).allSatisfy(run -> assertThat(run.runId()).matches("[0-9]+"));
        assertThat(omics.batch("1")).isEmpty();
        assertThatThrownBy(() -> omics.advance("1")).isInstanceOf(IllegalArgumentException.class);
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
