package io.omicsdropzone.pipeline;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.config.Config;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.redrive.RedriveDrop.Options;
import io.omicsdropzone.domain.redrive.RedriveDrop;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.handler.BatchStatusEventJson;
import io.omicsdropzone.handler.S3DropHandler;
import io.omicsdropzone.handler.S3Records;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.standins.OmicsBatchEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, gap 7, as an operator tried it: an rnaseq drop re-driven with the environment the README documents for
 * {@code redrive} ({@code DEFAULT_RUN_SETTING} only) must not start its runs on the default workflow; with the
 * deployment's pipelines file it runs rnaseq's workflow, role and tags.
 */
class RedrivePipelineEndToEndTest {

    static final String PIPELINES = """
            {"pipelines": [
              {"name": "runs", "keyPrefix": "incoming/", "defaultRunSetting": {"workflowId": "1234567"}},
              {"name": "rnaseq", "keyPrefix": "incoming/rnaseq/",
               "serviceRoleArn": "arn:aws:iam::123456789012:role/rnaseq-omics",
               "defaultRunSetting": {"workflowId": "3333333"}}]}""";
    static final String RUNS = "[{\"runSettingId\":\"S1\"},{\"runSettingId\":\"S2\"}]";

    static LocalEnvironment env;
    static OmicsBatchEmulator omics;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.withPipelines(PIPELINES);
        omics = env.standIns().omics();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    /** An rnaseq drop whose run S2 failed, its end recorded. */
    static Drop endedWithAFailedRun(String key) {
        omics.failRunsOf("S2"::equals);
        PutObjectResponse put = env.upload(key, RUNS);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), RUNS.length());
        // As the submit function (its role): the pipeline's own service role is passed to HealthOmics.
        S3DropHandler.handle(S3Records.droppedObjects(S3EventJson.parse(event)),
                env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop(), Instant.now().plusSeconds(60));
        String requestId = new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), 0, null, null).requestId();
        Drop drop = env.dropzone().drops().find(requestId).orElseThrow();
        omics.settle(drop.batchId());
        omics.clearFaults();
        for (String json : omics.events()) {
            BatchStatusEventJson.parse(json).filter(o -> o.batchId().equals(drop.batchId()))
                    .ifPresent(o -> env.dropzone().trackBatch().apply(o));
        }
        return env.dropzone().drops().find(requestId).orElseThrow();
    }

    /** The CLI's documented {@code redrive} environment: DEFAULT_RUN_SETTING, no pipelines file. */
    static Dropzone defaultRunSettingOnly() {
        return new Dropzone(Config.fromEnvironment(Map.of(Config.TABLE_NAME, env.config().tableName(),
                Config.TOPIC_ARN, env.config().topicArn(),
                Config.DEFAULT_RUN_SETTING, LocalEnvironment.DEFAULT_RUN_SETTING)), env.clients());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> defaultRunSettingOf(String batchId) {
        return (Map<String, Object>) JsonReader.readObject(omics.batch(batchId).orElseThrow().requestBody())
                .get("defaultRunSetting");
    }

    @Test
    void a_redrive_with_only_default_run_setting_refuses_instead_of_running_the_default_workflow() {
        Drop original = endedWithAFailedRun("incoming/rnaseq/refused.json");
        int batches = omics.batches().size();

        RedriveDrop.Outcome outcome = defaultRunSettingOnly().redriveDrop().redrive(original.requestId(),
                new Options(false, false), Instant.now().plusSeconds(60));

        assertThat(outcome).isInstanceOfSatisfying(RedriveDrop.Refused.class, refused ->
                assertThat(refused.reason()).contains("rnaseq", "3333333", "--use-current-pipeline"));
        assertThat(omics.batches()).as("no batch started").hasSize(batches);
        assertThat(env.dropzone().drops().find(original.requestId()).orElseThrow().redrives()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void with_the_pipelines_file_the_redrive_runs_rnaseq_workflow_role_and_tags() {
        Drop original = endedWithAFailedRun("incoming/rnaseq/again.json");

        RedriveDrop.Redriven redriven = (RedriveDrop.Redriven) env.dropzone().redriveDrop()
                .redrive(original.requestId(), new Options(false, false), Instant.now().plusSeconds(60));

        Map<String, Object> setting = defaultRunSettingOf(redriven.redrive().batchId());
        assertThat(setting).containsEntry("workflowId", "3333333")
                .containsEntry("roleArn", "arn:aws:iam::123456789012:role/rnaseq-omics");
        assertThat(JsonReader.readObject(JsonWriter.write(setting.get("runTags"))))
                .containsEntry(BatchNaming.PIPELINE_TAG, "rnaseq");
        assertThat(redriven.redrive().pipeline()).isEqualTo("rnaseq");
    }
}
