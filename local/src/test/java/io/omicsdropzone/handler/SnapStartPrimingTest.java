package io.omicsdropzone.handler;

import io.omicsdropzone.app.Dropzone;
import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import org.crac.Core;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * SnapStart priming on the stand-ins: the hook Lambda calls before the snapshot leaves no trace (no item, no batch,
 * no message), and the function handles drops normally afterwards.
 */
class SnapStartPrimingTest extends StandInsTestBase {

    static final String VALID = """
            [{"runSettingId": "s-1", "parameters": {"sample_id": "A"}},
             {"runSettingId": "s-2", "parameters": {"sample_id": "B"}}]""";

    @BeforeEach
    void clearRecordings() {
        omics.reset();
        sns.clear();
    }

    @Test
    void beforeCheckpoint_writes_nothing_and_the_submit_handler_then_handles_a_drop() throws Exception {
        Dropzone dropzone = env.dropzone();
        SnapStartPriming priming = SnapStartPriming.register(dropzone, true);

        priming.beforeCheckpoint(Core.getGlobalContext());

        assertThat(dropzone.drops().listAll()).as("priming only reads").isEmpty();
        assertThat(omics.calls()).isEmpty();
        assertThat(sns.publishCalls()).isZero();

        PutObjectResponse put = env.upload("incoming/after-priming.json", VALID);
        long size = VALID.getBytes(StandardCharsets.UTF_8).length;
        new S3DropHandler(dropzone.submitDrop()).handleRequest(LambdaStreams.json(LocalEnvironment.objectCreatedEvent(
                LocalEnvironment.BUCKET, "incoming/after-priming.json", put.eTag(), size)), LambdaStreams.NO_OUTPUT, new TestContext(60_000));

        String requestId = new DroppedObject(LocalEnvironment.BUCKET, "incoming/after-priming.json", put.eTag(), size,
                null, null).requestId();
        assertThat(dropzone.drops().find(requestId)).get()
                .satisfies(drop -> assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED));
        assertThat(omics.batchesByRequestId()).containsOnlyKeys(requestId);
        assertThat(sns.published()).hasSize(1);
        assertThat(dropzone.drops().find(SnapStartPriming.PRIMING_REQUEST_ID)).isEmpty();
    }

    @Test
    void tracking_priming_then_a_status_event_updates_the_drop() throws Exception {
        Dropzone dropzone = env.dropzone();
        PutObjectResponse put = env.upload("incoming/tracked.json", VALID);
        long size = VALID.getBytes(StandardCharsets.UTF_8).length;
        new S3DropHandler(dropzone.submitDrop()).handleRequest(LambdaStreams.json(LocalEnvironment.objectCreatedEvent(
                LocalEnvironment.BUCKET, "incoming/tracked.json", put.eTag(), size)), LambdaStreams.NO_OUTPUT, new TestContext(60_000));
        String requestId = new DroppedObject(LocalEnvironment.BUCKET, "incoming/tracked.json", put.eTag(), size,
                null, null).requestId();
        String batchId = dropzone.drops().find(requestId).orElseThrow().batchId();
        sns.clear();

        new SnapStartPriming(dropzone, false).beforeCheckpoint(Core.getGlobalContext());
        assertThat(sns.publishCalls()).as("priming publishes nothing").isZero();

        String event = SnapStartPriming.SAMPLE_BATCH_EVENT.replace("\"batchId\":\"0\"", "\"batchId\":\"" + batchId + "\"");
        new BatchStatusHandler(dropzone.trackBatch()).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new TestContext(60_000));

        assertThat(dropzone.drops().find(requestId).orElseThrow().batchStatus()).isEqualTo("PROCESSED");
        assertThat(sns.published()).hasSize(1);
    }

    @Test
    void an_unreachable_table_does_not_fail_the_snapshot() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        try (AwsClients clients = AwsClients.forEndpoints(Region.of(env.standIns().region()),
                StaticCredentialsProvider.create(env.standIns().credentials()), nowhere, nowhere, nowhere, nowhere)) {
            SnapStartPriming priming = new SnapStartPriming(new Dropzone(env.config(), clients), true);

            assertThatCode(() -> priming.beforeCheckpoint(Core.getGlobalContext())).doesNotThrowAnyException();
        }
    }
}
