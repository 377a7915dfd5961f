package io.omicsdropzone.handler;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Lambda handler end to end on the stand-ins: S3 server, dynalite, SNS endpoint, HealthOmics emulator.
 * Each test uses its own key, so drops never collide; the endpoints' recordings are cleared before each test.
 */
class S3DropHandlerEndToEndTest extends StandInsTestBase {

    static final String VALID = """
            [
              {"runSettingId": "sample-001", "name": "NA12878 WGS", "outputUri": "s3://dropzone-output/runs/001/",
               "priority": 10, "parameters": {"sample_id": "NA12878", "reads": {"r1": "s3://lab/NA12878_R1.fq.gz"}},
               "runTags": {"cohort": "pilot"}},
              {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}},
              {"runSettingId": "sample-003", "outputBucketOwnerId": "123456789012", "parameters": {"sample_id": "NA12892"}}
            ]""";

    S3DropHandler handler;

    @BeforeEach
    void freshFunctionInstance() {
        omics.reset();
        sns.clear();
        handler = new S3DropHandler(env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private record Upload(String key, String etag, long size, String event) {
        String requestId() {
            return new DroppedObject(LocalEnvironment.BUCKET, key, etag, size, null, null).requestId();
        }
    }

    /** VALID names one input file; pre-flight checks that it exists. */
    @org.junit.jupiter.api.BeforeAll
    static void createInputs() {
        env.createInputsNamedIn(VALID);
    }

    private static Upload upload(String key, String content) {
        PutObjectResponse put = env.upload(key, content);
        long size = content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return new Upload(key, DroppedObject.unquote(put.eTag()), size,
                LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), size));
    }

    private void deliver(Upload upload) {
        LambdaStreams.deliver(handler, upload.event(), new TestContext(60_000));
    }

    private static Drop drop(Upload upload) {
        return env.dropzone().drops().find(upload.requestId()).orElseThrow();
    }

    private static Map<String, Object> body(PublishedMessage message) {
        return JsonReader.readObject(message.message());
    }

    private static List<Map<String, Object>> startRunBatchBodies() {
        return omics.calls().stream().filter(call -> call.operation().equals("StartRunBatch") && call.status() == 201)
                .map(call -> JsonReader.readObject(call.body())).toList();
    }

    // ---- tests -----------------------------------------------------------------------------------------------

    @Test
    void a_valid_file_becomes_one_batch_one_record_and_one_notification() {
        Upload upload = upload("incoming/happy.json", VALID);

        deliver(upload);

        List<Map<String, Object>> requests = startRunBatchBodies();
        assertThat(requests).hasSize(1);
        Map<String, Object> request = requests.get(0);
        assertThat(request.get("requestId")).isEqualTo(upload.requestId());
        assertThat(request.get("batchName")).isEqualTo("happy");
        // HealthOmics reads the snapshot of the validated bytes, never the dropped key.
        assertThat(request.get("batchRunSettings")).isEqualTo(Map.of("s3UriSettings",
                "s3://dropzone-input/submitted/" + upload.requestId() + ".json"));
        // The configured setting, its runTags joined by the drop's request id (runs do not inherit batch tags).
        Map<String, Object> expectedSetting = new java.util.LinkedHashMap<>(
                JsonReader.readObject(LocalEnvironment.DEFAULT_RUN_SETTING));
        expectedSetting.put("runTags", Map.of("submitted-by", "omics-dropzone",
                "omics-dropzone:request-id", upload.requestId()));
        assertThat(request.get("defaultRunSetting")).isEqualTo(expectedSetting);
        @SuppressWarnings("unchecked")
        Map<String, Object> tags = (Map<String, Object>) request.get("tags");
        assertThat(tags).containsEntry("omics-dropzone:source-key", "incoming/happy.json")
                .containsEntry("omics-dropzone:request-id", upload.requestId());

        Drop drop = drop(upload);
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(3);
        assertThat(drop.batchId()).matches("[0-9]+");
        assertThat(drop.batchArn()).isEqualTo("arn:aws:omics:us-east-1:123456789012:runBatch/" + drop.batchId());
        assertThat(drop.batchStatus()).isIn("CREATING", "PENDING");
        assertThat(drop.notifiedAt()).isNotNull();

        assertThat(sns.published()).singleElement().satisfies(message -> {
            assertThat(message.topicArn()).isEqualTo(env.config().topicArn());
            assertThat(message.attributes()).containsEntry("type", "BatchSubmitted");
            assertThat(body(message)).containsEntry("type", "BatchSubmitted")
                    .containsEntry("requestId", upload.requestId())
                    .containsEntry("bucket", "dropzone-input")
                    .containsEntry("key", "incoming/happy.json")
                    .containsEntry("etag", upload.etag())
                    .containsEntry("batchId", drop.batchId())
                    .containsEntry("batchArn", drop.batchArn())
                    .containsEntry("runCount", 3L);
        });
    }

    @Test
    void the_item_uses_the_documented_attribute_names_and_iso_timestamps() {
        Upload upload = upload("incoming/item-format.json", VALID);

        deliver(upload);

        Map<String, AttributeValue> item = env.clients().dynamoDb().getItem(b -> b.tableName(LocalEnvironment.TABLE)
                .key(Map.of("requestId", AttributeValue.fromS(upload.requestId()))).consistentRead(true)).item();
        assertThat(item.get("status").s()).isEqualTo("SUBMITTED");
        assertThat(item.get("bucket").s()).isEqualTo("dropzone-input");
        assertThat(item.get("key").s()).isEqualTo("incoming/item-format.json");
        assertThat(item.get("etag").s()).isEqualTo(upload.etag());
        assertThat(item.get("runCount").n()).isEqualTo("3");
        assertThat(item).containsKeys("batchId", "batchArn", "batchStatus");
        assertThat(Instant.parse(item.get("createdAt").s())).isBeforeOrEqualTo(Instant.parse(item.get("updatedAt").s()));
        assertThat(item.get("openBatch").s()).isEqualTo("OPEN");
    }

    @Test
    void keys_with_spaces_plus_signs_and_non_ascii_characters_are_decoded() {
        String key = "incoming/Plate 7 + échantillons (rerun) 100%.json";
        Upload upload = upload(key, VALID);
        assertThat(upload.event()).contains("Plate+7+%2B+%C3%A9chantillons+%28rerun%29+100%25.json");

        deliver(upload);

        assertThat(drop(upload).object().key()).isEqualTo(key);
        assertThat(drop(upload).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(startRunBatchBodies()).singleElement()
                .satisfies(request -> assertThat(request.get("batchRunSettings"))
                        .isEqualTo(Map.of("s3UriSettings", "s3://dropzone-input/submitted/" + upload.requestId() + ".json")))
                .satisfies(request -> assertThat(request.get("batchName")).isEqualTo("Plate 7 + échantillons (rerun) 100%"));
    }

    @Test
    void a_duplicate_delivery_neither_submits_nor_notifies_again() {
        Upload upload = upload("incoming/duplicate.json", VALID);

        deliver(upload);
        deliver(upload);
        deliver(upload);

        assertThat(omics.count("StartRunBatch")).isEqualTo(1);
        assertThat(sns.published()).hasSize(1);
        assertThat(drop(upload).status()).isEqualTo(DropStatus.SUBMITTED);
    }

    @Test
    void eight_concurrent_deliveries_make_one_batch_and_one_notification() throws Exception {
        Upload upload = upload("incoming/concurrent.json", VALID);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> deliveries = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                // Each delivery is its own function instance, as Lambda would run them.
                S3DropHandler instance = new S3DropHandler(env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop());
                Callable<Void> delivery = () -> {
                    start.await();
                    instance.handleRequest(LambdaStreams.json(upload.event()), LambdaStreams.NO_OUTPUT,
                            new TestContext(60_000));
                    return null;
                };
                deliveries.add(pool.submit(delivery));
            }
            start.countDown();
            for (Future<Void> delivery : deliveries) {
                delivery.get(60, TimeUnit.SECONDS); // every delivery completes without an error
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(omics.count("StartRunBatch")).isEqualTo(1);
        assertThat(sns.published()).hasSize(1);
        assertThat(drop(upload).status()).isEqualTo(DropStatus.SUBMITTED);
    }

    @Test
    void the_same_key_uploaded_again_with_new_content_makes_a_second_batch() {
        Upload first = upload("incoming/reupload.json", VALID);
        deliver(first);
        Upload second = upload("incoming/reupload.json", VALID.replace("sample-003", "sample-004"));
        deliver(second);

        assertThat(second.requestId()).isNotEqualTo(first.requestId());
        assertThat(drop(first).batchId()).isNotEqualTo(drop(second).batchId());
        assertThat(startRunBatchBodies()).extracting(request -> request.get("requestId"))
                .containsExactly(first.requestId(), second.requestId());
        assertThat(sns.published()).hasSize(2);
    }

    @Test
    void a_key_that_is_not_json_is_ignored() {
        Upload upload = upload("incoming/samplesheet.csv", "sample,reads\n");

        deliver(upload);

        assertThat(env.dropzone().drops().find(upload.requestId())).isEmpty();
        assertThat(omics.calls()).isEmpty();
        assertThat(sns.published()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON         | [{"runSettingId": "a",                                     | [line 1, column
            not an array           | {"runSettingId": "a"}                                      | /:
            empty array            | []                                                         | /:
            duplicate runSettingId | [{"runSettingId": "a"}, {"runSettingId": "a"}]             | /1/runSettingId:
            unknown field          | [{"runSettingId": "a", "colour": "blue"}]                  | /0/colour:
            wrong type             | [{"runSettingId": "a", "priority": "high"}]                | /0/priority:
            over-long value        | [{"runSettingId": "a", "name": "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"}] | /0/name:
            """)
    void an_invalid_file_is_rejected_with_precise_errors_and_never_submitted(String problem, String content,
                                                                             String where) {
        Upload upload = upload("incoming/invalid-" + problem.replace(' ', '-') + ".json", content);

        deliver(upload);

        Drop drop = drop(upload);
        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errorCount()).isPositive();
        assertThat(drop.errors()).anySatisfy(error -> assertThat(error).contains(where));
        assertThat(omics.count("StartRunBatch")).isZero();
        assertThat(sns.published()).singleElement().satisfies(message -> {
            assertThat(message.attributes()).containsEntry("type", "FileRejected");
            assertThat(body(message)).containsEntry("requestId", upload.requestId())
                    .containsEntry("errors", new ArrayList<Object>(drop.errors()));
        });
    }

    @Test
    void an_object_deleted_before_handling_is_rejected_without_a_batch() {
        Upload upload = upload("incoming/deleted.json", VALID);
        env.clients().s3().deleteObject(b -> b.bucket(LocalEnvironment.BUCKET).key(upload.key()));

        deliver(upload);

        assertThat(drop(upload).status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop(upload).errors()).singleElement().asString().contains("no longer exists");
        assertThat(omics.count("StartRunBatch")).isZero();
        assertThat(sns.published()).singleElement()
                .satisfies(message -> assertThat(message.attributes()).containsEntry("type", "FileRejected"));
    }

    @Test
    void an_object_overwritten_before_handling_is_rejected_and_the_new_version_submitted() {
        Upload old = upload("incoming/overwritten.json", VALID);
        Upload current = upload("incoming/overwritten.json", VALID.replace("sample-002", "sample-022"));

        deliver(old);
        deliver(current);

        assertThat(drop(old).status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop(old).errors()).singleElement().asString().contains("overwritten");
        assertThat(drop(current).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(omics.count("StartRunBatch")).isEqualTo(1);
    }

    @Test
    void throttling_is_retried_by_the_client_until_it_succeeds() {
        Upload upload = upload("incoming/throttled.json", VALID);
        omics.throttleNext("StartRunBatch", 2);

        deliver(upload);

        assertThat(omics.count("StartRunBatch")).isEqualTo(3);
        assertThat(drop(upload).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(sns.published()).hasSize(1);
    }

    @Test
    void persistent_throttling_fails_the_invocation_records_the_attempt_and_the_retry_submits_once() {
        Upload upload = upload("incoming/throttled-long.json", VALID);
        omics.throttleNext("StartRunBatch", 3);

        assertThatThrownBy(() -> deliver(upload)).isInstanceOf(BatchApiException.class)
                .satisfies(e -> assertThat(((BatchApiException) e).retryable()).isTrue());
        Drop attempted = drop(upload);
        assertThat(attempted.status()).isEqualTo(DropStatus.SUBMITTING);
        assertThat(attempted.attempts()).isEqualTo(1);
        assertThat(attempted.lastError()).contains("ThrottlingException");
        assertThat(sns.published()).isEmpty();

        deliver(upload); // Lambda's asynchronous retry

        assertThat(drop(upload).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(startRunBatchBodies()).hasSize(1);
        assertThat(sns.published()).hasSize(1);
    }

    @Test
    void a_service_validation_error_fails_the_drop_once_without_retries() {
        Upload upload = upload("incoming/unknown-workflow.json", VALID);
        omics.failNext("StartRunBatch", 1, 400, "ValidationException", "Workflow 1234567 is not ACTIVE");

        deliver(upload);

        Drop drop = drop(upload);
        assertThat(drop.status()).isEqualTo(DropStatus.FAILED);
        assertThat(drop.errors()).containsExactly("ValidationException: Workflow 1234567 is not ACTIVE");
        assertThat(omics.count("StartRunBatch")).isEqualTo(1);
        assertThat(sns.published()).singleElement().satisfies(message -> {
            assertThat(message.attributes()).containsEntry("type", "SubmissionFailed");
            assertThat(body(message)).containsEntry("errors", List.of("ValidationException: Workflow 1234567 is not ACTIVE"));
        });

        deliver(upload);
        assertThat(omics.count("StartRunBatch")).isEqualTo(1);
        assertThat(sns.published()).hasSize(1);
    }

    @Test
    void a_failed_publish_is_retried_by_the_next_delivery_and_delivered_once() {
        Upload upload = upload("incoming/sns-down.json", VALID);
        sns.failNextPublishes(4); // every attempt of the SNS client's default (legacy mode) retry policy

        assertThatThrownBy(() -> deliver(upload)).isInstanceOf(software.amazon.awssdk.services.sns.model.SnsException.class);
        assertThat(drop(upload).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop(upload).notifiedAt()).isNull();
        assertThat(sns.published()).isEmpty();

        deliver(upload);
        deliver(upload);

        assertThat(sns.published()).singleElement()
                .satisfies(message -> assertThat(message.attributes()).containsEntry("type", "BatchSubmitted"));
        assertThat(omics.count("StartRunBatch")).isEqualTo(1);
        assertThat(drop(upload).notifiedAt()).isNotNull();
    }

    @Test
    void a_drop_owned_by_a_live_invocation_past_our_deadline_is_thrown_back_for_a_later_retry() {
        Upload upload = upload("incoming/busy.json", VALID);
        DroppedObject object = new DroppedObject(LocalEnvironment.BUCKET, upload.key(), upload.etag(), upload.size(), null, null);
        env.dropzone().drops().claim(object, "busy", Instant.now(), java.time.Duration.ofMinutes(15));

        // 10.5 s left minus the handler's 10 s safety margin: half a second to wait for the other invocation.
        assertThatThrownBy(() -> handler.handleRequest(LambdaStreams.json(upload.event()), LambdaStreams.NO_OUTPUT,
                new TestContext(10_500)))
                .isInstanceOf(io.omicsdropzone.domain.DropBusyException.class);
        assertThat(omics.calls()).isEmpty();
        assertThat(sns.published()).isEmpty();
    }

    @Test
    void a_drop_left_mid_submission_by_a_crashed_invocation_is_resumed_with_the_same_request_id() {
        Upload upload = upload("incoming/crashed.json", VALID);
        DroppedObject object = new DroppedObject(LocalEnvironment.BUCKET, upload.key(), upload.etag(), upload.size(), null, null);
        Instant longAgo = Instant.now().minus(java.time.Duration.ofHours(1));
        Drop crashed = env.dropzone().drops().claim(object, "crashed", longAgo, java.time.Duration.ofMinutes(15)).drop();
        env.dropzone().drops().markSubmitting(crashed, 3, longAgo);
        // The crashed invocation had reached HealthOmics: same request (run tags included), same batch.
        env.clients().omics().startRunBatch(new io.omicsdropzone.domain.batch.BatchRequest(upload.requestId(), "crashed",
                object.s3Uri(), env.config().defaultRunSetting().withRunTags(
                        io.omicsdropzone.domain.batch.BatchNaming.runTags(upload.requestId())),
                io.omicsdropzone.domain.batch.BatchNaming.batchTags(object, upload.requestId(),
                        io.omicsdropzone.disclosure.Disclosure.FULL)));

        deliver(upload);

        assertThat(drop(upload).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(omics.batches()).hasSize(1);
        assertThat(drop(upload).batchId()).isEqualTo(omics.batches().get(0).id());
        assertThat(sns.published()).hasSize(1);
    }

    @Test
    void an_event_with_two_records_handles_both() {
        Upload first = upload("incoming/two-a.json", VALID);
        Upload second = upload("incoming/two-b.json", VALID.replace("sample-001", "sample-101"));
        Map<String, Object> one = JsonReader.readObject(first.event());
        Map<String, Object> two = JsonReader.readObject(second.event());
        List<Object> records = new ArrayList<>((List<?>) one.get("Records"));
        records.addAll((List<?>) two.get("Records"));
        String both = io.omicsdropzone.json.JsonWriter.write(Map.of("Records", records));

        LambdaStreams.deliver(handler, both, new TestContext(60_000));

        assertThat(drop(first).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop(second).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(sns.published()).hasSize(2);
    }
}
