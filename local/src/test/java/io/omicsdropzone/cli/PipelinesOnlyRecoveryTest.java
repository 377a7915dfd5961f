package io.omicsdropzone.cli;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's recovery commands in a deployment configured only with a pipelines file (no
 * {@code DEFAULT_RUN_SETTING}), run as the deployment artifact in its own process: {@code reconcile} resumes a stuck
 * drop in-process through its pipeline, and zero waits ({@code PT0S}) mean "now".
 */
class PipelinesOnlyRecoveryTest {

    static final String VALID = "[{\"runSettingId\":\"s1\"},{\"runSettingId\":\"s2\"}]";

    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.withPipelines(LocalEnvironment.DEMO_PIPELINES);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    /** A drop claimed {@code ago} by an invocation that died right after (lease 15 minutes, nothing since). */
    private static DroppedObject stuck(String key, Duration ago) {
        PutObjectResponse put = env.upload(key, VALID);
        DroppedObject object = new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), VALID.length(), null, null);
        env.dropzone().drops().claim(object, "stuck", Instant.now().minus(ago), Duration.ofMinutes(15));
        return object;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sweep(FunctionJarTest.Result result) {
        return (Map<String, Object>) JsonReader.readObject(result.out().strip()).get("stuckDrops");
    }

    @Test
    void reconcile_resumes_a_stuck_drop_through_its_pipeline_with_only_a_pipelines_file() throws Exception {
        DroppedObject object = stuck("incoming/wgs/stuck-family.json", Duration.ofHours(1));
        Map<String, String> environment = env.environment();
        assertThat(environment).containsKey("PIPELINES_FILE").doesNotContainKey("DEFAULT_RUN_SETTING");

        FunctionJarTest.Result result = FunctionJarTest.run(environment, "reconcile");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(sweep(result)).containsEntry("resumed", 1L).containsEntry("errors", java.util.List.of());
        Drop drop = env.dropzone().drops().find(object.requestId()).orElseThrow();
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.pipeline()).isEqualTo("wgs");
        assertThat(env.standIns().omics().batch(drop.batchId()).orElseThrow().requestBody())
                .contains("\"workflowId\":\"2345678\"");
    }

    @Test
    void zero_waits_let_an_operator_reconcile_right_after_an_incident() throws Exception {
        // Its lease ended a minute ago; with the default STUCK_DROP_AFTER (30 minutes) it would wait another 14.
        DroppedObject object = stuck("incoming/just-stuck.json", Duration.ofMinutes(16));
        Map<String, String> waiting = env.environment();
        Map<String, String> now = new HashMap<>(waiting);
        now.put("STUCK_DROP_AFTER", "PT0S");
        now.put("RECONCILE_QUIET_PERIOD", "PT0S");

        FunctionJarTest.Result defaults = FunctionJarTest.run(waiting, "reconcile");
        FunctionJarTest.Result immediate = FunctionJarTest.run(now, "reconcile");

        assertThat(defaults.exit()).as(defaults.err()).isZero();
        assertThat(sweep(defaults)).containsEntry("examined", 0L);
        assertThat(immediate.exit()).as(immediate.err()).isZero();
        assertThat(sweep(immediate)).containsEntry("resumed", 1L);
        assertThat(env.dropzone().drops().find(object.requestId())).get()
                .satisfies(drop -> assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED));
    }

    @Test
    void redrive_failures_re_handles_a_queued_event_with_only_a_pipelines_file() throws Exception {
        PutObjectResponse put = env.upload("incoming/wgs/from-queue.json", VALID);
        DroppedObject object = new DroppedObject(LocalEnvironment.BUCKET, "incoming/wgs/from-queue.json", put.eTag(),
                VALID.length(), null, null);
        // DynamoDB down for every delivery: Lambda's retries end in the failure queue, with no item written.
        env.standIns().dynamoDbFaults().inject(io.omicsdropzone.local.standins.faults.FaultRule.on("PutItem")
                .respond(io.omicsdropzone.local.standins.faults.ServiceError.dynamoDbInternalServerError())
                .times(1_000));
        env.clients().lambda().invokeEvent(LocalEnvironment.SUBMIT_FUNCTION,
                io.omicsdropzone.event.S3EventJson.objectCreated(object, Instant.now(), "ObjectCreated:Put"));
        assertThat(env.standIns().lambda().awaitIdle(Duration.ofSeconds(120))).isTrue();
        env.standIns().resetFaults();

        FunctionJarTest.Result result = FunctionJarTest.run(env.environment(), "redrive-failures", "--queue",
                env.submitFailuresQueueUrl());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(JsonReader.readObject(result.out().strip())).containsEntry("action", "REDRIVEN");
        assertThat(env.dropzone().drops().find(object.requestId())).get().satisfies(drop -> {
            assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
            assertThat(drop.pipeline()).isEqualTo("wgs");
        });
    }
}
