package io.omicsdropzone.cli;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shrunk artifact (function.jar after ProGuard) on the paths FunctionJarTest does not take, each in a JVM of its
 * own with nothing but function.jar on the class path: samplesheet drops under a column template and under an nf-core
 * schema (the CLI's {@code handle}), and the three Lambda entry points loaded by name as the Lambda runtime loads them
 * ({@code lambda-runtime/InvokeHandler.java}, run by the JDK's source launcher): a JSON drop through S3DropHandler,
 * its batch's status events through BatchStatusHandler, and a pass of ReconcileHandler.
 */
class FunctionJarLambdaTest {

    static final Path EVENTS = Path.of("..", "events");
    static final String VALID = FunctionJarTest.VALID;
    static LocalEnvironment env;

    @BeforeAll
    static void start() throws IOException {
        assertThat(FunctionJarTest.JAR).as("build the artifact first: ./mvnw verify builds function before local")
                .exists();
        String schema = Files.readString(EVENTS.resolve("pipelines/nf-core/rnaseq_schema_input.json"));
        env = LocalEnvironment.withPipelines("""
                {"pipelines": [
                  {"name": "runs", "keyPrefix": "incoming/", "defaultRunSetting": {"workflowId": "1234567"}},
                  {"name": "wgs", "keyPrefix": "incoming/wgs/", "defaultRunSetting": {"workflowId": "2345678"},
                   "samplesheet": {"columns": ["sample", "fastq_1", "fastq_2", "patient_id", "priority"],
                                   "runSetting": {"runSettingId": "{sample}", "priority": "{priority:int?}",
                                                  "parameters": {"fastq_1": "{fastq_1}", "fastq_2": "{fastq_2}"},
                                                  "runTags": {"patient": "{patient_id}"}}}},
                  {"name": "rnaseq", "keyPrefix": "incoming/rnaseq/", "defaultRunSetting": {"workflowId": "7654321"},
                   "samplesheet": {"schema": %s, "runSetting": {"name": "rnaseq-{sample}"}}}]}""".formatted(schema));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void a_samplesheet_under_a_column_template_is_submitted_by_the_artifact(@TempDir Path dir) throws Exception {
        Drop drop = handleSheet(dir, "incoming/wgs/trio-" + System.nanoTime() + ".csv", "wgs-trio.csv");

        assertThat(drop.status()).as(String.join("; ", drop.errors())).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(3);
        assertThat(env.standIns().omics().batch(drop.batchId())).isPresent();
    }

    @Test
    void a_samplesheet_under_an_nf_core_schema_is_submitted_by_the_artifact(@TempDir Path dir) throws Exception {
        Drop drop = handleSheet(dir, "incoming/rnaseq/run-" + System.nanoTime() + ".csv", "nfcore-rnaseq.csv");

        assertThat(drop.status()).as(String.join("; ", drop.errors())).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(3); // one run per sample
    }

    @Test
    void an_nf_core_sheet_the_schema_refuses_is_rejected_by_the_artifact_with_the_schema_s_words(@TempDir Path dir)
            throws Exception {
        Drop drop = handleSheet(dir, "incoming/rnaseq/bad-" + System.nanoTime() + ".csv", "nfcore-rnaseq-invalid.csv");

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).hasSize(5).first().isEqualTo(
                "row 2 (sample CONTROL REP1), column sample: Sample name must be provided and cannot contain spaces");
        assertThat(drop.batchId()).isNull();
    }

    @Test
    void the_three_lambda_handlers_run_from_the_artifact_as_the_runtime_loads_them(@TempDir Path dir) throws Exception {
        PutObjectResponse put = env.upload("incoming/lambda-entry.json", VALID);
        Path event = Files.writeString(dir.resolve("s3-event.json"), LocalEnvironment.objectCreatedEvent(
                LocalEnvironment.BUCKET, "incoming/lambda-entry.json", put.eTag(), VALID.length()));
        String requestId = new DroppedObject(LocalEnvironment.BUCKET, "incoming/lambda-entry.json", put.eTag(), 0,
                null, null).requestId();

        FunctionJarTest.Result submitted = invoke("io.omicsdropzone.handler.S3DropHandler", event);

        assertThat(submitted.exit()).as(submitted.err()).isZero();
        Drop drop = env.dropzone().drops().find(requestId).orElseThrow();
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);

        assertThat(env.standIns().omics().settle(drop.batchId())).isEqualTo("PROCESSED");
        for (String status : env.standIns().omics().events()) {
            if (drop.batchId().equals(((Map<?, ?>) JsonReader.readObject(status).get("detail")).get("batchId"))) {
                FunctionJarTest.Result tracked = invoke("io.omicsdropzone.handler.BatchStatusHandler",
                        Files.writeString(dir.resolve("status-event.json"), status));
                assertThat(tracked.exit()).as(tracked.err()).isZero();
            }
        }
        assertThat(env.dropzone().drops().find(requestId)).get()
                .satisfies(done -> assertThat(done.batchStatus()).isEqualTo("PROCESSED"));

        FunctionJarTest.Result reconciled = invoke("io.omicsdropzone.handler.ReconcileHandler",
                Files.writeString(dir.resolve("schedule.json"), "{\"source\":\"aws.scheduler\"}"));
        assertThat(reconciled.exit()).as(reconciled.err()).isZero();
    }

    private static Drop handleSheet(Path dir, String key, String sheetFile) throws Exception {
        String sheet = Files.readString(EVENTS.resolve("samplesheets").resolve(sheetFile));
        Matcher uri = Pattern.compile("s3://[^,\\s\"]+").matcher(sheet);
        while (uri.find()) {
            if (!uri.group().contains("MISSING")) {
                env.createInput(uri.group()); // the FASTQs exist, as pre-flight checks them
            }
        }
        PutObjectResponse put = env.upload(key, sheet);
        Path event = Files.writeString(dir.resolve("event.json"), LocalEnvironment.objectCreatedEvent(
                LocalEnvironment.BUCKET, key, put.eTag(), sheet.getBytes(StandardCharsets.UTF_8).length));

        FunctionJarTest.Result result = FunctionJarTest.run(env.environment(), "handle", event.toString());

        assertThat(result.exit()).as(result.err()).isIn(0, 1); // 1: the drop was rejected, as the Lambda would throw
        return env.dropzone().drops().find(new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), 0, null, null)
                .requestId()).orElseThrow();
    }

    /** The handler class built and invoked from function.jar alone, as the Lambda runtime does it. */
    private static FunctionJarTest.Result invoke(String handler, Path event) throws IOException, InterruptedException {
        Path invoker = Path.of("target", "test-classes", "lambda-runtime", "InvokeHandler.java");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", FunctionJarTest.JAR.toString(), invoker.toString(),
                handler, event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin"));
        builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        builder.environment().putAll(env.environment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new FunctionJarTest.Result(process.exitValue(), out, err);
    }
}
