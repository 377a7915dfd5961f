package io.omicsdropzone.handler;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What S3 really does to ETags and tags, end to end on the stand-ins (issue 17, gaps 1 to 3): the same bytes under
 * the same key start one batch whatever their ETag (a single PUT and multipart uploads of other part sizes; an
 * SSE-KMS bucket that gives every write a fresh ETag); a tagged upload is snapshotted by a role without tag
 * permissions; an identical re-upload of a REJECTED file is validated again.
 */
class ContentIdentityEndToEndTest extends StandInsTestBase {

    static final String ENCRYPTED_BUCKET = LocalEnvironment.ENCRYPTED_BUCKET;
    static final String RUNS = """
            [{"runSettingId": "sample-001", "parameters": {"sample_id": "NA12878"}},
             {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}}]""";

    @BeforeAll
    static void encryptedBucket() {
        env.clients().s3().createBucket(b -> b.bucket(ENCRYPTED_BUCKET));
        env.standIns().s3().encryptBucket(ENCRYPTED_BUCKET);
    }

    @BeforeEach
    void fresh() {
        omics.reset();
        sns.clear();
    }

    @AfterEach
    void noFaults() {
        env.standIns().resetFaults();
    }

    private record Upload(String bucket, String key, String etag, long size, String event) {
        String requestId() {
            return new DroppedObject(bucket, key, etag, size, null, null).requestId();
        }
    }

    private static S3Client s3() {
        return env.clients().s3();
    }

    private static Upload put(String bucket, String key, byte[] content) {
        String etag = s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag();
        return uploaded(bucket, key, etag, content.length);
    }

    /** A multipart upload of {@code content} in parts of {@code partSize} bytes (the last one smaller). */
    private static Upload multipart(String bucket, String key, byte[] content, int partSize) {
        String uploadId = s3().createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int first = 0, number = 1; first < content.length; first += partSize, number++) {
            byte[] part = Arrays.copyOfRange(content, first, Math.min(first + partSize, content.length));
            int partNumber = number;
            String etag = s3().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        String etag = s3().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag();
        return uploaded(bucket, key, etag, content.length);
    }

    private static Upload uploaded(String bucket, String key, String quotedEtag, long size) {
        return new Upload(bucket, key, DroppedObject.unquote(quotedEtag), size,
                LocalEnvironment.objectCreatedEvent(bucket, key, quotedEtag, size));
    }

    private static List<DropResult> deliver(Upload upload) {
        return S3DropHandler.handle(S3Records.droppedObjects(S3EventJson.parse(upload.event())),
                env.dropzone().submitDrop(), Instant.now().plusSeconds(120));
    }

    private static Drop drop(String requestId) {
        return env.dropzone().drops().find(requestId).orElseThrow();
    }

    private static Map<String, Object> body(PublishedMessage message) {
        return JsonReader.readObject(message.message());
    }

    private static List<String> types() {
        return sns.published().stream().map(message -> message.attributes().get("type")).toList();
    }

    private static long batches() {
        return omics.calls().stream().filter(call -> call.operation().equals("StartRunBatch") && call.status() == 201)
                .map(call -> JsonReader.readObject(call.body()).get("requestId")).distinct().count();
    }

    /** A valid run-settings file of about {@code bytes} bytes (multipart parts are at least 5 MiB, as in S3). */
    private static byte[] runSettingsOf(int bytes) {
        StringBuilder json = new StringBuilder("[");
        String pad = "x".repeat(2_000);
        for (int i = 0; json.length() < bytes; i++) {
            json.append(i == 0 ? "" : ",\n").append("{\"runSettingId\": \"s-").append(i)
                    .append("\", \"parameters\": {\"pad\": \"").append(pad).append("\"}}");
        }
        return json.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void the_same_bytes_as_one_put_then_as_multipart_uploads_of_other_part_sizes_start_one_batch() {
        byte[] content = runSettingsOf(7 << 20);
        String key = "incoming/identity/cohort.json";
        Upload single = put(LocalEnvironment.BUCKET, key, content);
        deliver(single);
        Upload fiveMiBParts = multipart(LocalEnvironment.BUCKET, key, content, 5 << 20);

        List<DropResult> duplicate = deliver(fiveMiBParts);
        List<DropResult> redelivered = deliver(fiveMiBParts);

        assertThat(fiveMiBParts.etag()).endsWith("-2").isNotEqualTo(single.etag());
        assertThat(duplicate).singleElement().extracting(DropResult::action).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(redelivered).singleElement().extracting(DropResult::action)
                .isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(batches()).isEqualTo(1);
        assertThat(types()).containsExactly("BatchSubmitted", "DuplicateFile");
        Drop original = drop(single.requestId());
        Drop second = drop(fiveMiBParts.requestId());
        assertThat(original.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(second.status()).isEqualTo(DropStatus.DUPLICATE);
        assertThat(second.content().duplicateOf()).isEqualTo(single.requestId());
        assertThat(second.content().sha256()).isEqualTo(original.content().sha256()).hasSize(64);
        assertThat(second.notifiedAt()).isNotNull();
        assertThat(second.batchId()).isNull();
        Map<String, Object> announced = body(sns.published().get(1));
        assertThat(announced).containsEntry("requestId", single.requestId())
                .containsEntry("duplicateRequestId", fiveMiBParts.requestId())
                .containsEntry("etag", fiveMiBParts.etag())
                .containsEntry("status", "SUBMITTED")
                .containsEntry("batchId", original.batchId());
        assertThat(sns.published().get(1).attributes().get("notificationId"))
                .startsWith("DuplicateFile:" + single.requestId() + ":");

        // Once more with the whole file as one part: another ETag again, still the same content and no batch.
        Upload onePart = multipart(LocalEnvironment.BUCKET, key, content, 8 << 20);
        assertThat(deliver(onePart)).singleElement().extracting(DropResult::action)
                .isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(onePart.etag()).endsWith("-1");
        assertThat(batches()).isEqualTo(1);
        assertThat(types()).containsExactly("BatchSubmitted", "DuplicateFile", "DuplicateFile");
    }

    @Test
    void the_same_bytes_twice_into_an_encrypted_bucket_start_one_batch_and_one_duplicate_notice() {
        byte[] content = RUNS.getBytes(StandardCharsets.UTF_8);
        String key = "incoming/identity/kms.json";
        Upload first = put(ENCRYPTED_BUCKET, key, content);
        deliver(first);
        Upload again = put(ENCRYPTED_BUCKET, key, content);

        List<DropResult> results = deliver(again);

        assertThat(again.etag()).isNotEqualTo(first.etag()); // SSE-KMS: not an MD5 of the data
        assertThat(results).singleElement().extracting(DropResult::action).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(batches()).isEqualTo(1);
        assertThat(drop(first.requestId()).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop(again.requestId()).status()).isEqualTo(DropStatus.DUPLICATE);
        assertThat(types()).containsExactly("BatchSubmitted", "DuplicateFile");
        assertThat(body(sns.published().get(1))).containsEntry("requestId", first.requestId())
                .containsEntry("duplicateRequestId", again.requestId());
    }

    @Test
    void a_tagged_upload_is_submitted_by_a_role_that_may_not_copy_tags() {
        env.standIns().s3Faults().denyTagCopy();
        String key = "incoming/identity/scanned.json";
        String etag = s3().putObject(b -> b.bucket(LocalEnvironment.BUCKET).key(key)
                        .tagging("av-status=clean&classification=internal"),
                RequestBody.fromString(RUNS)).eTag();
        Upload tagged = uploaded(LocalEnvironment.BUCKET, key, etag, RUNS.getBytes(StandardCharsets.UTF_8).length);

        deliver(tagged);

        Drop drop = drop(tagged.requestId());
        assertThat(drop.errors()).isEmpty();
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(batches()).isEqualTo(1);
        assertThat(env.standIns().s3Faults().injectedByKind()).doesNotContainKey("AccessDenied:tag-copy");
        assertThat(types()).containsExactly("BatchSubmitted");
    }

    @Test
    void an_identical_re_upload_of_a_file_rejected_for_a_missing_input_is_validated_again() {
        String input = "s3://dropzone-reads/identity/NA12878_R1.fq.gz";
        String runs = "[{\"runSettingId\": \"sample-001\", \"parameters\": {\"reads\": \"" + input + "\"}}]";
        String key = "incoming/identity/too-early.json";
        Upload first = put(LocalEnvironment.BUCKET, key, runs.getBytes(StandardCharsets.UTF_8));
        deliver(first);
        assertThat(drop(first.requestId()).status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop(first.requestId()).errors()).anySatisfy(error -> assertThat(error).contains("does not exist"));

        env.createInput(input); // the FASTQs arrive, then the same file is dropped again: same bytes, same ETag
        Upload again = put(LocalEnvironment.BUCKET, key, runs.getBytes(StandardCharsets.UTF_8));
        List<DropResult> results = deliver(again);
        List<DropResult> redelivered = deliver(again);

        assertThat(again.etag()).isEqualTo(first.etag());
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.action()).isEqualTo(DropResult.Action.PROCESSED);
            assertThat(result.drop().status()).isEqualTo(DropStatus.SUBMITTED);
            assertThat(result.drop().requestId()).isNotEqualTo(first.requestId());
            assertThat(result.drop().content().reuploadOf()).isEqualTo(first.requestId());
        });
        assertThat(redelivered).singleElement().extracting(DropResult::action)
                .isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(batches()).isEqualTo(1);
        assertThat(types()).containsExactly("FileRejected", "BatchSubmitted");
        assertThat(drop(first.requestId()).status()).isEqualTo(DropStatus.REJECTED);
    }
}
