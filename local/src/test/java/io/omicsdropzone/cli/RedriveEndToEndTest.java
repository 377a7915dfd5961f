package io.omicsdropzone.cli;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.BatchStatusEventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redrive} as an operator runs it (function.jar as a process, configured through its environment) on
 * the stand-ins: failed submissions, failed (and cancelled) runs and a FAILED drop each get one new batch of exactly
 * what did not succeed, read from a new snapshot; running it again starts nothing.
 */
class RedriveEndToEndTest extends StandInsTestBase {

    static final String RUNS = """
            [{"runSettingId": "sample-001", "parameters": {"sample_id": "NA12878"}},
             {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}},
             {"runSettingId": "sample-003", "parameters": {"sample_id": "NA12892"}}]""";

    @BeforeEach
    void fresh() {
        omics.reset();
        sns.clear();
    }

    private record Cli(int exit, String out, String err) {
        Map<String, Object> json() {
            return JsonReader.readObject(out.trim());
        }
    }

    /** The deployment artifact as a separate process, configured only through its environment. */
    private static Cli cli(String... args) {
        try {
            FunctionJarTest.Result result = FunctionJarTest.run(env.environment(LedgerRole.OPERATOR), args);
            return new Cli(result.exit(), result.out(), result.err());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Drops the file through the submit path and returns its drop. */
    private static Drop dropped(String key) {
        PutObjectResponse put = env.upload(key, RUNS);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), RUNS.length());
        S3DropHandler.handle(S3Records.droppedObjects(S3EventJson.parse(event)), env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop(),
                Instant.now().plusSeconds(60));
        return reload(new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), 0, null, null).requestId());
    }

    private static Drop reload(String requestId) {
        return env.dropzone().drops().find(requestId).orElseThrow();
    }

    /** Runs the batch to its end and lets the status handler record it, as EventBridge would. */
    private static Drop ended(Drop drop) {
        omics.settle(drop.batchId());
        for (String event : omics.events()) {
            BatchStatusEventJson.parse(event).filter(observation -> observation.batchId().equals(drop.batchId()))
                    .ifPresent(observation -> env.dropzone(LocalEnvironment.BATCH_STATUS_FUNCTION_NAME).trackBatch()
                            .apply(observation));
        }
        return reload(drop.requestId());
    }

    private static List<String> runSettingIdsIn(String snapshotUri) {
        String key = snapshotUri.substring(("s3://" + LocalEnvironment.BUCKET + "/").length());
        String json = env.clients().s3().getObjectAsBytes(b -> b.bucket(LocalEnvironment.BUCKET).key(key)).asUtf8String();
        return ((List<?>) JsonReader.read(json)).stream().map(entry -> (String) ((Map<?, ?>) entry).get("runSettingId"))
                .toList();
    }

    private static List<PublishedMessage> submittedMessages() {
        return sns.published().stream().filter(m -> m.attributes().get("type").equals("BatchSubmitted")).toList();
    }

    @Test
    void failed_submissions_are_redriven_once_from_a_new_snapshot() {
        omics.failSubmissionOf("sample-002"::equals, "ValidationException", "Unknown parameter sample_id");
        Drop original = ended(dropped("incoming/redrive/submissions.json"));
        assertThat(original.batchStatus()).isEqualTo("PROCESSED");
        omics.clearFaults(); // the workflow was fixed

        Cli first = cli("redrive", original.requestId());
        Cli second = cli("redrive", original.batchId());

        assertThat(first.exit()).as(first.err()).isZero();
        Map<String, Object> line = first.json();
        assertThat(line).containsEntry("action", "REDRIVEN").containsEntry("redriveOf", original.requestId())
                .containsEntry("status", "SUBMITTED").containsEntry("runCount", 1L);
        String redriveId = (String) line.get("requestId");
        Drop redrive = reload(redriveId);
        assertThat(redrive.redriveOf()).isEqualTo(original.requestId());
        assertThat(redrive.snapshot().key()).isEqualTo("submitted/" + redriveId + ".json");
        assertThat(runSettingIdsIn(redrive.snapshot().uri())).containsExactly("sample-002");
        assertThat(omics.batch(redrive.batchId()).orElseThrow().s3UriSettings()).isEqualTo(redrive.snapshot().uri());
        assertThat(reload(original.requestId()).redrives()).containsExactly(redriveId);
        assertThat(submittedMessages()).hasSize(2);
        assertThat(JsonReader.readObject(submittedMessages().get(1).message()))
                .containsEntry("redriveOf", original.requestId())
                .containsEntry("snapshotUri", redrive.snapshot().uri());

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.json()).containsEntry("action", "ALREADY_REDRIVEN").containsEntry("requestId", redriveId);
        assertThat(omics.batchesByRequestId()).hasSize(2).containsValues(1, 1);
        assertThat(submittedMessages()).hasSize(2);
        assertThat(omics.settle(redrive.batchId())).isEqualTo("PROCESSED");
    }

    @Test
    void failed_runs_are_redriven_and_cancelled_ones_only_on_request() {
        omics.failRunsOf("sample-003"::equals);
        Drop original = ended(dropped("incoming/redrive/runs.json"));
        assertThat(original.progress().counts()).containsEntry("failedRunCount", 1L);
        omics.clearFaults();

        Cli redriven = cli("redrive", original.requestId());

        assertThat(redriven.exit()).as(redriven.err()).isZero();
        Drop redrive = reload((String) redriven.json().get("requestId"));
        assertThat(runSettingIdsIn(redrive.snapshot().uri())).containsExactly("sample-003");
        assertThat(cli("redrive", original.requestId()).json()).containsEntry("action", "ALREADY_REDRIVEN");
        // The signed client's ListRuns and GetRun, as the re-drive used them.
        var failedRuns = env.clients().omics().listRuns(original.batchId(), "FAILED", 100, null).runs();
        assertThat(failedRuns).singleElement().satisfies(run -> {
            assertThat(run.batchId()).isEqualTo(original.batchId());
            var detail = env.clients().omics().getRun(run.id());
            assertThat(detail.status()).isEqualTo("FAILED");
            assertThat(detail.failureReason()).isNotBlank();
            assertThat(detail.statusMessage()).contains("sample-003");
        });
        assertThat(omics.batches()).hasSize(2);
    }

    @Test
    void cancelled_runs_join_the_redrive_with_include_cancelled() {
        Drop original = dropped("incoming/redrive/cancelled.json");
        omics.advance(original.batchId()); // PENDING
        omics.advance(original.batchId()); // SUBMITTING
        omics.advance(original.batchId()); // runs submitted, batch INPROGRESS
        assertThat(cli("cancel", original.batchId()).exit()).isZero();
        original = ended(original);
        assertThat(original.batchStatus()).isEqualTo("CANCELLED");

        Cli without = cli("redrive", original.requestId());
        Cli with = cli("redrive", original.requestId(), "--include-cancelled");

        assertThat(without.exit()).isZero();
        assertThat(without.json()).containsEntry("action", "NOTHING_TO_REDRIVE");
        assertThat((String) without.json().get("reason")).contains("--include-cancelled");
        assertThat(with.exit()).as(with.err()).isZero();
        Drop redrive = reload((String) with.json().get("requestId"));
        assertThat(runSettingIdsIn(redrive.snapshot().uri()))
                .containsExactlyInAnyOrder("sample-001", "sample-002", "sample-003");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_failed_drop_is_submitted_whole_again_once() {
        omics.failNext("StartRunBatch", 1, 403, "AccessDeniedException",
                "User is not authorized to perform iam:PassRole on the role");
        Drop original = dropped("incoming/redrive/refused.json");
        assertThat(original.status()).isEqualTo(DropStatus.FAILED);
        assertThat(original.snapshot()).isNotNull();

        Cli first = cli("redrive", original.requestId());
        Cli second = cli("redrive", original.requestId());

        assertThat(first.exit()).as(first.err()).isZero();
        Drop redrive = reload((String) first.json().get("requestId"));
        assertThat(redrive.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(redrive.runCount()).isEqualTo(3);
        assertThat(redrive.snapshot().key()).isNotEqualTo(original.snapshot().key());
        assertThat(runSettingIdsIn(redrive.snapshot().uri()))
                .containsExactly("sample-001", "sample-002", "sample-003");
        assertThat(second.json()).containsEntry("action", "ALREADY_REDRIVEN");
        assertThat(omics.batches()).hasSize(1);

        Cli status = cli("status", original.requestId(), "--json");
        assertThat(status.exit()).isZero();
        Map<String, Object> detail = status.json();
        assertThat(detail).containsEntry("snapshotUri", original.snapshot().uri());
        @SuppressWarnings("unchecked")
        Map<String, Object> chain = (Map<String, Object>) detail.get("redriveChain");
        assertThat((List<?>) chain.get("redrives")).singleElement()
                .satisfies(link -> assertThat((Map<String, Object>) link).containsEntry("requestId", redrive.requestId())
                        .containsEntry("status", "SUBMITTED"));
        @SuppressWarnings("unchecked")
        Map<String, Object> childChain = (Map<String, Object>) cli("status", redrive.requestId(), "--json").json()
                .get("redriveChain");
        assertThat((List<?>) childChain.get("redriveOf")).singleElement()
                .satisfies(link -> assertThat((Map<String, Object>) link).containsEntry("requestId", original.requestId()));
    }

    @Test
    void nothing_to_redrive_exits_zero_and_an_unknown_id_exits_two() {
        Drop original = ended(dropped("incoming/redrive/all-good.json"));

        Cli nothing = cli("redrive", original.requestId());
        Cli unknown = cli("redrive", "0".repeat(64));

        assertThat(nothing.exit()).isZero();
        assertThat(nothing.json()).containsEntry("action", "NOTHING_TO_REDRIVE");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no drop");
        assertThat(omics.batches()).hasSize(1);
    }
}
