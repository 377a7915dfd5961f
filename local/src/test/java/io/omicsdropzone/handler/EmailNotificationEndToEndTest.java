package io.omicsdropzone.handler;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each kind of subscriber receives from the SNS stand-in for real drops: e-mail the short text under a subject
 * that says what happened, SQS, Lambda, HTTP/S and email-json the JSON body unchanged.
 */
class EmailNotificationEndToEndTest extends StandInsTestBase {

    static final String PATIENT = "PATIENT-4711";
    static final String RUNS = """
            [{"runSettingId": "sample-001", "parameters": {"sample_id": "NA12878"}},
             {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}}]""";
    static final String INVALID = """
            [{"runSettingId": "sample-001"}, {"runSettingId": "sample-001"}]""";

    @BeforeEach
    void fresh() {
        sns.clear();
        omics.reset();
    }

    private static DroppedObject drop(Dropzone dropzone, String key, String content) {
        PutObjectResponse put = env.upload(key, content);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), content.length());
        LambdaStreams.deliver(new S3DropHandler(dropzone.submitDrop()), event, new TestContext(60_000));
        return S3Records.droppedObjects(S3EventJson.parse(event)).get(0);
    }

    @Test
    void a_submitted_batch_mails_a_readable_text_and_sends_the_json_body_to_every_other_protocol() {
        DroppedObject object = drop(env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME), "incoming/cohort-42.json", RUNS);

        PublishedMessage message = sns.published().get(sns.published().size() - 1);
        Map<String, Object> body = JsonReader.readObject(message.message());
        String batchId = body.get("batchId").toString();
        assertThat(body).containsEntry("type", "BatchSubmitted").containsEntry("key", "incoming/cohort-42.json");
        assertThat(message.subject()).isEqualTo("Batch " + batchId + " submitted: 2 runs from cohort-42.json");
        for (String protocol : List.of("sqs", "lambda", "http", "https", "email-json", "firehose")) {
            assertThat(message.messageFor(protocol)).as(protocol).isEqualTo(message.message());
        }
        assertThat(message.messageFor("email"))
                .startsWith("AWS HealthOmics accepted run batch " + batchId + " with 2 runs from the dropped file.")
                .contains("File:        s3://" + LocalEnvironment.BUCKET + "/incoming/cohort-42.json")
                .contains("See more:        java -jar function.jar status " + batchId)
                .contains("Notification id BatchSubmitted:" + object.requestId());
        assertThat(message.attributes()).containsEntry("type", "BatchSubmitted")
                .containsEntry("notificationId", "BatchSubmitted:" + object.requestId());
    }

    @Test
    void a_batch_end_is_mailed_with_its_run_counts() throws java.io.IOException {
        Dropzone dropzone = env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME);
        DroppedObject object = drop(dropzone, "incoming/cohort-43.json", RUNS);
        String batchId = dropzone.drops().find(object.requestId()).orElseThrow().batchId();
        int events = omics.events().size();
        omics.settle(batchId);
        BatchStatusHandler status = new BatchStatusHandler(env.dropzone(LocalEnvironment.BATCH_STATUS_FUNCTION_NAME).trackBatch());
        for (String event : omics.events().subList(events, omics.events().size())) {
            status.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new TestContext(60_000));
        }

        PublishedMessage completed = sns.published().get(sns.published().size() - 1);
        assertThat(completed.attributes()).containsEntry("type", "BatchCompleted");
        assertThat(completed.subject()).isEqualTo("Batch " + batchId + " completed, 2 of 2 runs completed: cohort-43.json");
        assertThat(completed.messageFor("email")).startsWith("Run batch " + batchId + " finished, 2 of 2 runs completed.")
                .contains("What to do next: nothing.");
        assertThat(JsonReader.readObject(completed.messageFor("sqs"))).containsEntry("type", "BatchCompleted");
    }

    @Test
    void phi_safe_mode_keeps_the_key_out_of_the_subject_and_the_mail() {
        Map<String, String> environment = new HashMap<>(env.environment());
        environment.put(Config.PHI_SAFE, "true");
        Dropzone phiSafe = new Dropzone(Config.fromEnvironment(environment), env.clients(LedgerRole.SUBMIT));

        DroppedObject object = drop(phiSafe, "incoming/" + PATIENT + "/tumour-" + PATIENT + ".json", INVALID);

        PublishedMessage rejected = sns.published().get(sns.published().size() - 1);
        assertThat(rejected.attributes()).containsEntry("type", "FileRejected");
        assertThat(rejected.subject()).isEqualTo("File rejected, 1 error: key hash " + object.keyHash());
        assertThat(rejected.messageFor("email")).doesNotContain(PATIENT).contains("key hash " + object.keyHash())
                .contains("Errors:\n  - ");
        assertThat(rejected.message()).doesNotContain(PATIENT);
    }
}
