package io.omicsdropzone.pipeline;

import io.omicsdropzone.domain.BatchNaming;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3EventJson;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.standins.OmicsBatchEmulator.BatchView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dropzone deployed with a pipelines file ({@link LocalEnvironment#DEMO_PIPELINES}) on the stand-ins: each drop
 * starts its pipeline's workflow with its tags, and the DynamoDB item, the SNS message and the batch tags name the
 * pipeline; a key under no prefix is rejected listing the known prefixes.
 */
class PipelinesEndToEndTest {

    static final String VALID = "[{\"runSettingId\":\"S1\"},{\"runSettingId\":\"S2\"}]";

    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.withPipelines(LocalEnvironment.DEMO_PIPELINES);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static Drop deliver(String key, String content) {
        PutObjectResponse put = env.upload(key, content);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), content.length());
        List<DroppedObject> objects = S3Records.droppedObjects(S3EventJson.parse(event));
        S3DropHandler.handle(objects, env.dropzone().submitDrop(), Instant.now().plusSeconds(60));
        return env.dropzone().drops().find(objects.get(0).requestId()).orElseThrow();
    }

    static Map<String, Object> lastMessage() {
        var published = env.standIns().sns().published();
        return JsonReader.readObject(published.get(published.size() - 1).message());
    }

    static BatchView batchOf(Drop drop) {
        return env.standIns().omics().batch(drop.batchId()).orElseThrow();
    }

    @Test
    void a_drop_under_the_longer_prefix_runs_that_pipeline_and_every_record_names_it() {
        Drop drop = deliver("incoming/wgs/family-7.json", VALID);

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        BatchView batch = batchOf(drop);
        @SuppressWarnings("unchecked")
        Map<String, Object> setting = (Map<String, Object>) JsonReader.readObject(batch.requestBody())
                .get("defaultRunSetting");
        assertThat(setting).containsEntry("workflowId", "2345678")
                .containsEntry("roleArn", LocalEnvironment.SERVICE_ROLE_ARN)
                .containsEntry("outputUri", LocalEnvironment.OUTPUT_URI + "wgs/");
        assertThat(JsonReader.readObject(io.omicsdropzone.json.JsonWriter.write(setting.get("runTags"))))
                .containsEntry(BatchNaming.PIPELINE_TAG, "wgs");
        assertThat(batch.tags()).containsEntry(BatchNaming.PIPELINE_TAG, "wgs").containsEntry("team", "germline");
        Map<String, AttributeValue> item = env.clients().dynamoDb().getItem(b -> b.tableName(LocalEnvironment.TABLE)
                .key(Map.of("requestId", AttributeValue.fromS(drop.requestId()))).consistentRead(true)).item();
        assertThat(item.get("pipeline").s()).isEqualTo("wgs");
        assertThat(lastMessage()).containsEntry("type", "BatchSubmitted").containsEntry("pipeline", "wgs");
    }

    @Test
    void a_drop_elsewhere_under_the_upload_prefix_runs_the_catch_all_pipeline() {
        Drop drop = deliver("incoming/cohort-3.json", VALID);

        assertThat(drop.pipeline()).isEqualTo("runs");
        assertThat(batchOf(drop).tags()).containsEntry(BatchNaming.PIPELINE_TAG, "runs").doesNotContainKey("team");
        assertThat(JsonReader.readObject(batchOf(drop).requestBody()).get("defaultRunSetting"))
                .isInstanceOfSatisfying(Map.class, setting -> assertThat(setting).containsEntry("workflowId", "1234567")
                        .containsEntry("outputUri", "s3://dropzone-output/runs/"));
    }

    @Test
    void a_drop_under_no_pipeline_s_prefix_is_rejected_listing_the_prefixes() {
        Drop drop = deliver("elsewhere/cohort-4.json", VALID);

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).containsExactly(
                "the key is under no pipeline's prefix; the known prefixes are incoming/, incoming/wgs/");
        assertThat(drop.batchId()).isNull();
        assertThat(lastMessage()).containsEntry("type", "FileRejected").doesNotContainKey("pipeline");
    }
}
