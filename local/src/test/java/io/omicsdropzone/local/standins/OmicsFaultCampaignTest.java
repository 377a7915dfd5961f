package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.omics.SignedHttpRunBatchApi;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Every {@link OmicsFault} a fault campaign injects, driven through the project's own signed client
 * ({@link SignedHttpRunBatchApi} with its production retry strategy, as AwsClients builds it): what the caller sees,
 * how many calls reached the emulator, and that no retry ever makes a second batch for one requestId.
 */
class OmicsFaultCampaignTest extends OmicsEmulatorTestBase {

    private static final String SETTINGS_KEY = "incoming/cohort-7.json";
    private static final DefaultRunSetting DEFAULTS = new DefaultRunSetting("1234567",
            "arn:aws:iam::123456789012:role/omics-dropzone-runs",
            "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics-dropzone-runs\","
                    + "\"outputUri\":\"s3://dropzone-output/runs/\"}");

    private static SdkHttpClient httpClient;

    @BeforeAll
    static void startClient() {
        httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stopClient() {
        httpClient.close();
    }

    @BeforeEach
    void uploadRunSettings() {
        s3.putObject(b -> b.bucket(BUCKET).key(SETTINGS_KEY),
                software.amazon.awssdk.core.sync.RequestBody.fromString(runSettingsFile("sample-A", "sample-B")));
    }

    private static RunBatchApi client(int maxAttempts) {
        return new SignedHttpRunBatchApi(httpClient, StaticCredentialsProvider.create(StandIns.CREDENTIALS),
                StandIns.REGION, omics.endpoint(), SignedHttpRunBatchApi.standardRetryStrategy(maxAttempts));
    }

    private static BatchRequest request(String requestId) {
        return new BatchRequest(requestId, "cohort-7", "s3://" + BUCKET + "/" + SETTINGS_KEY, DEFAULTS,
                Map.of("project", "omics-dropzone"));
    }

    @ParameterizedTest
    @EnumSource(value = OmicsFault.class, names = {"CONNECTION_RESET", "LOST_RESPONSE"}, mode = EnumSource.Mode.EXCLUDE)
    void everyAnsweredFaultHasTheServiceWireShapeAndClearsAfterItsCount(OmicsFault fault) {
        String id = startBatch(inlineRequest(uniqueRequestId(), "sample-A"));
        omics.injectNext("GetBatch", 1, fault);

        SignedHttp.Reply failed = http.get("/runBatch/" + id);
        SignedHttp.Reply next = http.get("/runBatch/" + id);

        assertThat(failed.status()).isEqualTo(fault.status());
        assertThat(failed.errorTypeHeader()).startsWith(fault.errorType() + ":");
        assertThat(failed.message()).isEqualTo(fault.message());
        assertThat(next.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(value = OmicsFault.class, names = {"THROTTLING", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE",
            "REQUEST_TIMEOUT", "SERVICE_QUOTA_EXCEEDED", "EXPIRED_TOKEN", "CLOCK_SKEW"})
    void retryableFaultsAreRetriedByTheClientIntoOneBatch(OmicsFault fault) {
        omics.injectNext("StartRunBatch", 2, fault);
        String requestId = uniqueRequestId();

        StartedBatch started = client(3).startRunBatch(request(requestId));

        assertThat(omics.count("StartRunBatch")).isEqualTo(3);
        assertThat(omics.calls()).extracting(OmicsBatchEmulator.RecordedCall::status)
                .containsExactly(fault.status(), fault.status(), 201);
        assertThat(omics.batchesByRequestId()).containsExactly(Map.entry(requestId, 1));
        assertThat(started.id()).isEqualTo(omics.batches().get(0).id());
    }

    @ParameterizedTest
    @EnumSource(value = OmicsFault.class, names = {"CONFLICT", "ACCESS_DENIED"})
    void nonRetryableFaultsReachTheCallerOnceAndTheNextCallSucceeds(OmicsFault fault) {
        omics.injectNext("StartRunBatch", 1, fault);
        String requestId = uniqueRequestId();
        RunBatchApi api = client(3);

        BatchApiException failure = catchThrowableOfType(() -> api.startRunBatch(request(requestId)),
                BatchApiException.class);
        StartedBatch later = api.startRunBatch(request(requestId));

        assertThat(failure.errorType()).isEqualTo(fault.errorType());
        assertThat(failure.statusCode()).isEqualTo(fault.status());
        assertThat(failure.retryable()).isFalse();
        assertThat(omics.count("StartRunBatch")).isEqualTo(2);
        assertThat(omics.batchesByRequestId()).containsExactly(Map.entry(requestId, 1));
        assertThat(later.id()).isEqualTo(omics.batches().get(0).id());
    }

    @Test
    void aConnectionResetBeforeProcessingCreatesNothingAndTheRetryCreatesTheBatch() {
        omics.injectNext("StartRunBatch", 1, OmicsFault.CONNECTION_RESET);
        String requestId = uniqueRequestId();

        StartedBatch started = client(3).startRunBatch(request(requestId));

        assertThat(omics.calls()).extracting(OmicsBatchEmulator.RecordedCall::status).containsExactly(0, 201);
        assertThat(omics.batchesByRequestId()).containsExactly(Map.entry(requestId, 1));
        assertThat(started.id()).isEqualTo(omics.batches().get(0).id());
    }

    @Test
    void aLostResponseAfterTheBatchWasCreatedIsRetriedIntoTheSameBatch() {
        omics.injectNext("StartRunBatch", 1, OmicsFault.LOST_RESPONSE);
        String requestId = uniqueRequestId();

        StartedBatch started = client(3).startRunBatch(request(requestId));

        assertThat(omics.calls()).extracting(OmicsBatchEmulator.RecordedCall::status).containsExactly(0, 201);
        assertThat(omics.calls().get(1).body()).isEqualTo(omics.calls().get(0).body());
        assertThat(omics.batchesByRequestId()).containsExactly(Map.entry(requestId, 1));
        assertThat(started.id()).isEqualTo(omics.batches().get(0).id());
        assertThat(eventStatuses(started.id())).containsExactly("CREATING");
    }

    @Test
    void aLostResponseWithoutRetriesLeavesABatchTheCallerFindsAgainByRequestId() {
        omics.injectNext("StartRunBatch", 1, OmicsFault.LOST_RESPONSE);
        String requestId = uniqueRequestId();

        BatchApiException lost = catchThrowableOfType(() -> client(1).startRunBatch(request(requestId)),
                BatchApiException.class);
        assertThat(lost.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(omics.batches()).hasSize(1);

        StartedBatch again = client(1).startRunBatch(request(requestId));

        assertThat(again.id()).isEqualTo(omics.batches().get(0).id());
        assertThat(omics.batchesByRequestId()).containsExactly(Map.entry(requestId, 1));
    }

    @Test
    void faultsQueueInOrderAcrossKinds() {
        omics.injectNext("StartRunBatch", 1, OmicsFault.THROTTLING);
        omics.injectNext("StartRunBatch", 1, OmicsFault.LOST_RESPONSE);
        String requestId = uniqueRequestId();

        StartedBatch started = client(3).startRunBatch(request(requestId));

        assertThat(omics.calls()).extracting(OmicsBatchEmulator.RecordedCall::status).containsExactly(429, 0, 201);
        assertThat(omics.batchesByRequestId()).containsExactly(Map.entry(requestId, 1));
        assertThat(started.id()).isEqualTo(omics.batches().get(0).id());
    }

    @Test
    void aLostCancelResponseMakesTheRetryAConflict() {
        RunBatchApi api = client(3);
        StartedBatch started = api.startRunBatch(request(uniqueRequestId()));
        omics.advance(started.id());
        omics.injectNext("CancelRunBatch", 1, OmicsFault.LOST_RESPONSE);

        BatchApiException retried = catchThrowableOfType(() -> api.cancelRunBatch(started.id()), BatchApiException.class);

        assertThat(retried.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(omics.batch(started.id()).orElseThrow().status()).isEqualTo("STOPPING");
        assertThat(omics.count("CancelRunBatch")).isEqualTo(2);
    }

    @Test
    void droppedConnectionsOnReadsAreRetriedByTheClient() {
        RunBatchApi api = client(3);
        StartedBatch started = api.startRunBatch(request(uniqueRequestId()));
        omics.injectNext("GetBatch", 1, OmicsFault.CONNECTION_RESET);
        omics.injectNext("ListRunsInBatch", 1, OmicsFault.LOST_RESPONSE);

        String status = api.getBatch(started.id()).status();
        int runs = api.listRunsInBatch(started.id(), null, 10, null).runs().size();

        assertThat(status).isEqualTo("CREATING");
        assertThat(runs).isZero();
        assertThat(omics.count("GetBatch")).isEqualTo(2);
        assertThat(omics.count("ListRunsInBatch")).isEqualTo(2);
    }

    @Test
    void callCountsArePerOperationIncludingFaultsAndDrops() {
        RunBatchApi api = client(3);
        omics.injectNext("GetBatch", 1, OmicsFault.INTERNAL_SERVER_ERROR);
        StartedBatch started = api.startRunBatch(request(uniqueRequestId()));
        api.getBatch(started.id());
        api.listRunsInBatch(started.id(), null, 10, null);
        http.get("/runBatches"); // no such route (GET /runBatch is ListBatch)

        assertThat(omics.callCounts()).containsExactly(Map.entry("StartRunBatch", 1L), Map.entry("GetBatch", 2L),
                Map.entry("ListRunsInBatch", 1L), Map.entry("Unknown", 1L));
    }
}
