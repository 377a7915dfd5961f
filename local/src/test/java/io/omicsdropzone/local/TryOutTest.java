package io.omicsdropzone.local;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command as a newcomer sees it ({@link LocalRun#demo}), then the same stand-ins kept running as
 * a deployed dropzone ({@link LiveDropzone}): a file uploaded by a plain SDK client, with no call to the submit path,
 * is submitted and its batch runs to its end.
 */
class TryOutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static LocalEnvironment env;
    private static String demoOutput;
    private static Map<String, String> outcomes;
    private static LiveDropzone live;
    private static S3Client plainS3;

    @BeforeAll
    static void tryOut() {
        env = LocalEnvironment.demo();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        outcomes = LocalRun.demo(env, new PrintStream(printed, true, StandardCharsets.UTF_8));
        demoOutput = printed.toString(StandardCharsets.UTF_8);
        // Each S3 event twice, as at-least-once delivery may; batches step fast; the reconciler every second.
        live = LiveDropzone.start(env, new LiveDropzone.Settings(Duration.ofMillis(100), Duration.ofSeconds(1), true),
                null);
        plainS3 = S3Client.builder().endpointOverride(env.standIns().s3Endpoint()).forcePathStyle(true)
                .region(Region.of(env.standIns().region()))
                .credentialsProvider(StaticCredentialsProvider.create(env.standIns().credentials()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        plainS3.close();
        live.close();
        env.close();
    }

    @Test
    void the_demo_submits_the_valid_drops_and_shows_what_pre_flight_catches() {
        assertThat(outcomes).containsEntry("incoming/valid-3-runs.json", "SUBMITTED, batch 7000001 PROCESSED")
                .containsEntry("incoming/wgs/wgs-trio.csv", "SUBMITTED, batch 7000002 PROCESSED")
                .containsKey("incoming/invalid-examples.json");
        assertThat(outcomes.get("incoming/preflight-rejected.json")).startsWith("REJECTED (4 error(s)");
        assertThat(demoOutput)
                .contains("/0/parameters/sample_nmae: unknown parameter 'sample_nmae'; did you mean 'sample_name'?")
                .contains("/0/parameters: missing required parameter 'sample_name' of workflow 1234567")
                .contains("s3://example-omics-inputs/NA12878/HK3TJBCX2_L009_R1.fastq.gz does not exist")
                // Every workflow has a template now: no drop is submitted with its parameters unchecked.
                .doesNotContain("not checked");
    }

    @Test
    void an_upload_by_any_client_is_submitted_and_its_batch_runs_to_its_end() throws Exception {
        String key = "incoming/by-a-plain-client.json";
        String content = new String(LocalRunSample.VALID, StandardCharsets.UTF_8)
                .replace("NA12878 WGS germline 30x", "NA12878 uploaded by hand");
        PutObjectResponse put = plainS3.putObject(b -> b.bucket(LocalEnvironment.BUCKET).key(key),
                RequestBody.fromString(content));
        String requestId = new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), -1, null, null).requestId();

        Drop submitted = awaitDrop(requestId, drop -> drop.status() == DropStatus.SUBMITTED);
        Drop ended = awaitDrop(requestId, drop -> "PROCESSED".equals(drop.batchStatus()));

        assertThat(submitted.batchId()).isNotNull();
        assertThat(ended.batchId()).isEqualTo(submitted.batchId());
        // Delivered twice, submitted once.
        assertThat(env.standIns().omics().batchesByRequestId()).containsEntry(requestId, 1);
        // The completion is announced after it is recorded.
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (typesAnnounced(requestId).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(typesAnnounced(requestId)).containsExactlyInAnyOrder("BatchSubmitted", "BatchCompleted");
    }

    @Test
    void uploads_outside_the_notification_filter_start_nothing() throws Exception {
        PutObjectResponse outside = plainS3.putObject(b -> b.bucket(LocalEnvironment.BUCKET).key("elsewhere/run.json"),
                RequestBody.fromBytes(LocalRunSample.VALID));
        PutObjectResponse notJson = plainS3.putObject(b -> b.bucket(LocalEnvironment.BUCKET).key("incoming/notes.txt"),
                RequestBody.fromString("not a run-settings file"));
        assertThat(env.standIns().lambda().awaitIdle(PATIENCE)).isTrue();

        assertThat(env.dropzone().drops().find(new DroppedObject(LocalEnvironment.BUCKET, "elsewhere/run.json",
                outside.eTag(), -1, null, null).requestId())).isEmpty();
        assertThat(env.dropzone().drops().find(new DroppedObject(LocalEnvironment.BUCKET, "incoming/notes.txt",
                notJson.eTag(), -1, null, null).requestId())).isEmpty();
    }

    @Test
    void the_reconciler_runs_on_its_schedule() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (env.emf().lines().stream().noneMatch(line -> line.contains(LocalEnvironment.RECONCILE_FUNCTION_NAME))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(env.emf().lines()).anyMatch(line -> line.contains(LocalEnvironment.RECONCILE_FUNCTION_NAME));
    }

    private static java.util.List<String> typesAnnounced(String requestId) {
        return env.standIns().sns().published().stream().filter(m -> m.message().contains(requestId))
                .map(m -> m.attributes().get("type")).toList();
    }

    private static Drop awaitDrop(String requestId, Predicate<Drop> condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Optional<Drop> drop = env.dropzone().drops().find(requestId);
        while ((drop.isEmpty() || !condition.test(drop.get())) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            drop = env.dropzone().drops().find(requestId);
        }
        assertThat(drop).as("drop " + requestId + ": " + drop).get().matches(condition);
        return drop.get();
    }

    /** The sample the try-out drops first; its inputs exist once the demo ran. */
    private static final class LocalRunSample {
        static final byte[] VALID = read("/events/run-settings/valid-3-runs.json");

        private static byte[] read(String path) {
            try (var in = TryOutTest.class.getResourceAsStream(path)) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
