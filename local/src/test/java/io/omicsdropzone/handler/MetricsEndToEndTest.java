package io.omicsdropzone.handler;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.app.ReconcilePass;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

/**
 * A known drop on the stand-ins, from the S3 event to its batch's end, with every EMF line it produced read back the
 * way CloudWatch reads it: namespace, dimension sets and values, metric names, units and values.
 */
class MetricsEndToEndTest extends StandInsTestBase {

    static final String RUNS = """
            [{"runSettingId": "sample-001", "parameters": {"sample_id": "NA12878"}},
             {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}},
             {"runSettingId": "sample-003", "parameters": {"sample_id": "NA12892"}}]""";
    static final String INVALID = """
            [{"runSettingId": "sample-001"}, {"runSettingId": "sample-001"}]""";

    /** One EMF line as CloudWatch reads it: the directive names the metrics and dimensions, the root holds values. */
    record Emf(String namespace, List<List<String>> dimensionSets, Map<String, String> units,
               Map<String, Object> root) {

        @SuppressWarnings("unchecked")
        static Emf parse(String line) {
            assertThat(line).doesNotContain("\n");
            Map<String, Object> root = JsonReader.readObject(line);
            Map<String, Object> aws = (Map<String, Object>) root.get("_aws");
            assertThat(aws.get("Timestamp")).isInstanceOf(Number.class);
            List<Object> directives = (List<Object>) aws.get("CloudWatchMetrics");
            assertThat(directives).hasSize(1);
            Map<String, Object> directive = (Map<String, Object>) directives.get(0);
            Map<String, String> units = new LinkedHashMap<>();
            ((List<Object>) directive.get("Metrics")).forEach(definition -> {
                Map<String, Object> metric = (Map<String, Object>) definition;
                units.put((String) metric.get("Name"), (String) metric.get("Unit"));
                assertThat(root.get(metric.get("Name"))).isInstanceOf(Number.class);
            });
            return new Emf((String) directive.get("Namespace"), (List<List<String>>) directive.get("Dimensions"),
                    units, root);
        }

        double value(String metric) {
            return ((Number) root.get(metric)).doubleValue();
        }
    }

    private static List<Emf> linesSince(int seen) {
        List<String> lines = env.emf().lines();
        return lines.subList(seen, lines.size()).stream().map(Emf::parse).toList();
    }

    private static String drop(String key, String content, S3DropHandler handler) {
        PutObjectResponse put = env.upload(key, content);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), content.length());
        LambdaStreams.deliver(handler, event, new TestContext(60_000));
        return event;
    }

    @Test
    void a_known_drop_writes_what_the_dashboard_shows_from_validation_to_the_batch_end() throws IOException {
        Dropzone submit = env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME);
        S3DropHandler handler = new S3DropHandler(submit.submitDrop(), submit.dropMetrics());
        int seen = env.emf().size();
        Instant before = Instant.now();

        String event = drop("incoming/metrics-cohort.json", RUNS, handler);

        List<Emf> submitted = linesSince(seen);
        assertThat(submitted).hasSize(2).allSatisfy(line -> {
            assertThat(line.namespace()).isEqualTo("OmicsDropzone");
            assertThat(line.dimensionSets()).containsExactly(List.of("Function"));
            assertThat(line.root()).containsEntry("Function", "omics-dropzone-submit");
        });
        Emf validation = submitted.get(0);
        assertThat(validation.units()).containsExactly(entry("ValidationSeconds", "Seconds"),
                entry("ValidationThroughput", "Megabytes/Second"));
        assertThat(validation.value("ValidationSeconds")).isPositive();
        // throughput × time is the file's size: the whole file was read, and both figures describe the same read
        assertThat(validation.value("ValidationThroughput") * validation.value("ValidationSeconds"))
                .isCloseTo(RUNS.getBytes(StandardCharsets.UTF_8).length / 1e6, within(1e-9));
        Emf outcome = submitted.get(1);
        assertThat(outcome.units()).containsExactly(entry("DropsReceived", "Count"),
                entry("BatchesSubmitted", "Count"), entry("FilesRejected", "Count"),
                entry("SubmissionsFailed", "Count"), entry("RunsSubmitted", "Count"),
                entry("DropToSubmittedSeconds", "Seconds"));
        assertThat(outcome.value("DropsReceived")).isEqualTo(1);
        assertThat(outcome.value("BatchesSubmitted")).isEqualTo(1);
        assertThat(outcome.value("FilesRejected")).isZero();
        assertThat(outcome.value("SubmissionsFailed")).isZero();
        assertThat(outcome.value("RunsSubmitted")).isEqualTo(3);
        // from the event's time to the recorded acceptance, which happened within this test
        assertThat(outcome.value("DropToSubmittedSeconds")).isBetween(0.0,
                Duration.between(before, Instant.now()).toMillis() / 1000.0 + 0.001);

        // the same event again: a duplicate, nothing else
        seen = env.emf().size();
        LambdaStreams.deliver(handler, event, new TestContext(60_000));
        assertThat(linesSince(seen)).singleElement().satisfies(duplicate -> {
            assertThat(duplicate.units()).containsExactly(entry("DuplicatesSkipped", "Count"));
            assertThat(duplicate.value("DuplicatesSkipped")).isEqualTo(1);
        });

        // the batch runs to its end; the status events reach the tracking function
        DroppedObject object = S3Records.droppedObjects(S3EventJson.parse(event)).get(0);
        Drop drop = submit.drops().find(object.requestId()).orElseThrow();
        int events = omics.events().size();
        assertThat(omics.settle(drop.batchId())).isEqualTo("PROCESSED");
        BatchStatusHandler status = new BatchStatusHandler(
                env.dropzone(LocalEnvironment.BATCH_STATUS_FUNCTION_NAME).trackBatch());
        seen = env.emf().size();
        for (String statusEvent : omics.events().subList(events, omics.events().size())) {
            status.handleRequest(new ByteArrayInputStream(statusEvent.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new TestContext(60_000));
        }
        assertThat(linesSince(seen)).singleElement().satisfies(end -> {
            assertThat(end.root()).containsEntry("Function", "omics-dropzone-batch-status");
            assertThat(end.units()).containsExactly(entry("BatchesCompleted", "Count"),
                    entry("BatchesFailed", "Count"), entry("BatchesCancelled", "Count"),
                    entry("RunsFailedToStart", "Count"), entry("RunsFailed", "Count"));
            assertThat(end.value("BatchesCompleted")).isEqualTo(1);
            assertThat(end.value("BatchesFailed")).isZero();
            assertThat(end.value("BatchesCancelled")).isZero();
            assertThat(end.value("RunsFailedToStart")).isZero();
            assertThat(end.value("RunsFailed")).isZero();
        });

        // a reconciler pass with nothing to heal still reports, so its alarm sees zeros rather than silence
        seen = env.emf().size();
        ReconcilePass.Report report = env.dropzone(LocalEnvironment.RECONCILE_FUNCTION_NAME).reconcilePass().run(50, 50);
        assertThat(report.needsAttention()).isFalse();
        assertThat(linesSince(seen)).singleElement().satisfies(pass -> {
            assertThat(pass.root()).containsEntry("Function", "omics-dropzone-reconcile");
            assertThat(pass.units()).containsExactly(entry("StuckDropsSwept", "Count"),
                    entry("ReconcileErrors", "Count"));
            assertThat(pass.value("StuckDropsSwept")).isZero();
            assertThat(pass.value("ReconcileErrors")).isZero();
        });
    }

    @Test
    void a_rejected_file_is_counted_as_received_and_rejected() {
        Dropzone submit = env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME);
        int seen = env.emf().size();

        drop("incoming/metrics-invalid.json", INVALID, new S3DropHandler(submit.submitDrop(), submit.dropMetrics()));

        List<Emf> lines = linesSince(seen);
        assertThat(lines).hasSize(2);
        Emf outcome = lines.get(1);
        assertThat(outcome.units()).containsOnlyKeys("DropsReceived", "BatchesSubmitted", "FilesRejected",
                "SubmissionsFailed");
        assertThat(outcome.value("DropsReceived")).isEqualTo(1);
        assertThat(outcome.value("FilesRejected")).isEqualTo(1);
        assertThat(outcome.value("BatchesSubmitted")).isZero();
        assertThat(outcome.value("SubmissionsFailed")).isZero();
    }

    private static List<Emf> outcomesSince(int seen) {
        return linesSince(seen).stream().filter(line -> line.units().containsKey("DropsReceived")).toList();
    }

    @Test
    void a_drop_the_reconciler_gives_up_on_is_counted_once_as_received_and_failed() {
        Dropzone reconcile = env.dropzone(LocalEnvironment.RECONCILE_FUNCTION_NAME);
        PutObjectResponse put = env.upload("incoming/metrics-given-up.json", RUNS);
        DroppedObject object = new DroppedObject(LocalEnvironment.BUCKET, "incoming/metrics-given-up.json",
                put.eTag(), RUNS.length(), null, null);
        // Received 25 hours ago by an invocation that died before recording anything else (set-up, not the reconciler).
        env.dropzone().drops().claim(object, "metrics-given-up", Instant.now().minus(Duration.ofHours(25)),
                Duration.ofMinutes(15));
        int seen = env.emf().size();

        ReconcilePass.Report report = reconcile.reconcilePass().run(50, 50);
        ReconcilePass.Report again = reconcile.reconcilePass().run(50, 50);

        assertThat(report.drops().gaveUp()).isEqualTo(1);
        assertThat(again.drops().gaveUp()).isZero();
        assertThat(reconcile.drops().find(object.requestId())).get()
                .satisfies(drop -> assertThat(drop.status()).isEqualTo(io.omicsdropzone.domain.DropStatus.FAILED));
        assertThat(outcomesSince(seen)).singleElement().satisfies(outcome -> {
            assertThat(outcome.root()).containsEntry("Function", "omics-dropzone-reconcile");
            assertThat(outcome.dimensionSets()).containsExactly(List.of("Function"));
            assertThat(outcome.units()).containsOnlyKeys("DropsReceived", "BatchesSubmitted", "FilesRejected",
                    "SubmissionsFailed");
            assertThat(outcome.value("DropsReceived")).isEqualTo(1);
            assertThat(outcome.value("SubmissionsFailed")).isEqualTo(1);
            assertThat(outcome.value("BatchesSubmitted")).isZero();
            assertThat(outcome.value("FilesRejected")).isZero();
        });
        // the pass's own line still says what it swept
        assertThat(linesSince(seen)).filteredOn(line -> line.units().containsKey("StuckDropsSwept"))
                .extracting(line -> line.value("StuckDropsSwept")).containsExactly(1.0, 0.0);
    }

    @Test
    void a_redrive_counts_its_own_drop_once_in_the_same_outcome_metrics() {
        Dropzone submit = env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME);
        omics.failNext("StartRunBatch", 1, 403, "AccessDeniedException",
                "User is not authorized to perform iam:PassRole on the role");
        String event = drop("incoming/metrics-redriven.json", RUNS,
                new S3DropHandler(submit.submitDrop(), submit.dropMetrics()));
        DroppedObject object = S3Records.droppedObjects(S3EventJson.parse(event)).get(0);
        assertThat(submit.drops().find(object.requestId())).get()
                .satisfies(drop -> assertThat(drop.status()).isEqualTo(io.omicsdropzone.domain.DropStatus.FAILED));
        int seen = env.emf().size();

        // An operator's redrive (the operator role), counted in the submit function's outcome metrics.
        Dropzone operator = env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME, LedgerRole.OPERATOR);
        var first = operator.redriveDrop().redrive(object.requestId(), false, Instant.now().plusSeconds(60));
        var second = operator.redriveDrop().redrive(object.requestId(), false, Instant.now().plusSeconds(60));

        assertThat(first).isInstanceOfSatisfying(io.omicsdropzone.domain.redrive.RedriveDrop.Redriven.class,
                redriven -> assertThat(redriven.redrive().status()).isEqualTo(io.omicsdropzone.domain.DropStatus.SUBMITTED));
        assertThat(second).isInstanceOfSatisfying(io.omicsdropzone.domain.redrive.RedriveDrop.Redriven.class,
                redriven -> assertThat(redriven.existed()).isTrue());
        assertThat(outcomesSince(seen)).singleElement().satisfies(outcome -> {
            assertThat(outcome.value("DropsReceived")).isEqualTo(1);
            assertThat(outcome.value("BatchesSubmitted")).isEqualTo(1);
            assertThat(outcome.value("SubmissionsFailed")).isZero();
            assertThat(outcome.value("RunsSubmitted")).isEqualTo(3);
        });
    }
}
