package io.omicsdropzone.local.standins;

import io.omicsdropzone.local.standins.iam.CallLedger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process emulation of the AWS HealthOmics run-batch API (rest-json, SigV4 service {@code omics}):
 * StartRunBatch ({@code POST /runBatch}), GetBatch ({@code GET /runBatch/{id}}), ListRunsInBatch
 * ({@code GET /runBatch/{id}/run}) and CancelRunBatch ({@code POST /runBatch/cancel}), with the shapes, constraints
 * and error codes of the service model. Other batch operations (ListBatch, DeleteRunBatch, DeleteBatch) answer 404
 * {@code UnknownOperationException}.
 *
 * <p><b>Lifecycle.</b> A batch moves one step per {@link #advance(String)}: CREATING → PENDING → (run configurations
 * validated; for {@code s3UriSettings} the file is read and its ETag compared) SUBMITTING → (runs submitted, up to
 * {@link #submissionsPerStep(int)} per step) INPROGRESS → runs PENDING → STARTING → RUNNING → COMPLETED → PROCESSED; or
 * FAILED, or STOPPING → CANCELLED after a cancel. {@link #autoAdvance(Duration)} does the same on a timer for demos.
 * Every batch status transition emits a "RunBatch Status Change" EventBridge event to the {@link #onStatusChange}
 * sinks.
 *
 * <p><b>s3UriSettings.</b> As the API reference documents, the object is checked during the StartRunBatch call and its
 * ETag recorded: a missing object answers 400 ValidationException (403 from S3 → AccessDeniedException). With
 * {@link S3UriAccessCheck#ASYNCHRONOUS} the call answers 201 instead and the batch fails when it validates its run
 * configurations. A changed ETag, invalid JSON, entries that break the InlineSetting shape, duplicate runSettingIds or
 * more than 100,000 entries fail the batch with failureReason {@code VALIDATION_EXCEPTION}.
 *
 * <p><b>Idempotency.</b> The same requestId with the same body (after dropping JSON nulls; member order is
 * irrelevant) returns the existing batch with 201; with a different body it answers 409 ConflictException. There is
 * no expiry window.
 *
 * <p><b>Faults.</b> {@link #injectNext} queues any {@link OmicsFault} (throttling, 5xx, 409, 402, expired token,
 * clock skew, a connection reset before processing, a response lost after processing) for the next calls of one
 * operation; {@link #callCounts()} and {@link #batchesByRequestId()} tell a campaign what reached the service.
 *
 * <p><b>Structure.</b> This class is the façade: {@link OmicsRouter} (HTTP, auth, faults, error format),
 * {@link RunBatchOperations} (the operations), {@link StartRunBatchRules} and {@link RunBatchRequestRules} (request
 * validation), {@link RunBatchLifecycle} and {@link RunBatchStore} (the state machine and its state),
 * {@link RunSettingsFile} (S3 reads), {@link OmicsFaults}, {@link OmicsStatusEvents} (the event sink),
 * {@link RunsPageToken} (pagination) and {@link OmicsCallLog}.
 */
public final class OmicsBatchEmulator implements AutoCloseable {

    public static final String START_RUN_BATCH = OmicsRouter.START_RUN_BATCH;
    public static final String GET_BATCH = OmicsRouter.GET_BATCH;
    public static final String LIST_RUNS_IN_BATCH = OmicsRouter.LIST_RUNS_IN_BATCH;
    public static final String CANCEL_RUN_BATCH = OmicsRouter.CANCEL_RUN_BATCH;
    public static final String GET_WORKFLOW = OmicsRouter.GET_WORKFLOW;
    public static final String GET_WORKFLOW_VERSION = OmicsRouter.GET_WORKFLOW_VERSION;
    private static final int SETTLE_STEPS = 1_000;
    private static final System.Logger LOG = System.getLogger(OmicsBatchEmulator.class.getName());

    /** When the s3UriSettings object is first checked. */
    public enum S3UriAccessCheck {
        /** During the StartRunBatch call, as the API reference documents (default). */
        SYNCHRONOUS,
        /** The call always answers 201; an unreadable object fails the batch when it validates its configurations. */
        ASYNCHRONOUS
    }

    /** One HTTP call as received, with the status it was answered with (0: the connection was dropped instead).
     *  Header names are lower case; {@code path} includes the raw query string, if any. */
    public record RecordedCall(String operation, String method, String path, Map<String, List<String>> headers,
                               String body, int status) {
    }

    /** A snapshot of one run setting of a batch ({@code submissionStatus} null while not submitted). */
    public record RunView(String runSettingId, String runId, String submissionStatus, String runStatus,
                          String submissionFailureReason, String submissionFailureMessage) {
    }

    /** A snapshot of one batch. {@code failureReason} is the event's code (e.g. VALIDATION_EXCEPTION),
     *  {@code failureMessage} the prose GetBatch returns as its failureReason. */
    public record BatchView(String id, String arn, String uuid, String requestId, String name, String status,
                            Integer totalRuns, Map<String, String> tags, String s3UriSettings, String s3ETag,
                            String failureReason, String failureMessage, String requestBody, List<RunView> runs) {
    }

    private final String region;
    private final String accountId;
    private final RunBatchStore store = new RunBatchStore();
    private final OmicsFaults faults = new OmicsFaults();
    private final OmicsCallLog calls = new OmicsCallLog();
    private final OmicsRouter router;
    private final OmicsStatusEvents events;
    private final Workflows workflows;
    private final RunBatchLifecycle lifecycle;
    private final RunBatchOperations operations;
    private final LocalHttpServer server;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> autoAdvance; // guarded by this

    private OmicsBatchEmulator(String region, String accountId, AwsCredentials credentials, S3Client s3) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        Clock clock = Clock.systemUTC();
        RunSettingsFile settingsFile = new RunSettingsFile(Objects.requireNonNull(s3, "s3"));
        this.events = new OmicsStatusEvents(region, accountId, clock);
        this.lifecycle = new RunBatchLifecycle(region, accountId, clock, store, settingsFile, faults, events);
        this.operations = new RunBatchOperations(store, lifecycle, settingsFile);
        this.workflows = new Workflows(region, accountId);
        OmicsRouter router = new OmicsRouter(new SigV4Verifier("omics", region, credentials, clock), faults, operations,
                calls, events, workflows);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "omics-emulator-advance");
            thread.setDaemon(true);
            return thread;
        });
        this.router = router;
        this.server = LocalHttpServer.start("omics", router::handle);
    }

    /**
     * Starts the emulator on 127.0.0.1. Requests must be SigV4-signed with {@code credentials} for service
     * {@code omics} in {@code region}; {@code s3} (path-style, pointing at the S3 stand-in) reads s3UriSettings files
     * and stays owned by the caller.
     */
    public static OmicsBatchEmulator start(String region, String accountId, AwsCredentials credentials, S3Client s3) {
        return new OmicsBatchEmulator(region, accountId, credentials, s3);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    // ---------------------------------------------------------------------------------------------- lifecycle control

    /** Moves every non-terminal batch one step. */
    public void advance() {
        synchronized (store) {
            for (RunBatch batch : store.all()) {
                lifecycle.step(batch);
            }
        }
        events.deliver();
    }

    /** Moves one batch one step and returns its status afterwards (unchanged when terminal). */
    public String advance(String batchId) {
        String status;
        synchronized (store) {
            RunBatch batch = store.require(batchId);
            lifecycle.step(batch);
            status = batch.status;
        }
        events.deliver();
        return status;
    }

    /** Advances one batch until it is terminal (PROCESSED, FAILED or CANCELLED) and returns that status. */
    public String settle(String batchId) {
        for (int i = 0; i < SETTLE_STEPS; i++) {
            String status = advance(batchId);
            if (RunBatch.TERMINAL.contains(status)) {
                return status;
            }
        }
        throw new IllegalStateException("batch " + batchId + " did not settle in " + SETTLE_STEPS + " steps");
    }

    /** Calls {@link #advance()} every {@code interval} on a daemon thread; {@code null} or zero stops it. */
    public synchronized void autoAdvance(Duration interval) {
        if (autoAdvance != null) {
            autoAdvance.cancel(false);
            autoAdvance = null;
        }
        if (interval != null && !interval.isZero() && !interval.isNegative()) {
            long millis = Math.max(1, interval.toMillis());
            autoAdvance = timer.scheduleWithFixedDelay(() -> {
                try {
                    advance();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "auto-advance step failed", e);
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** How many runs one SUBMITTING step submits (default: all), to watch pendingStartSubmissionCount go down. */
    public void submissionsPerStep(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        synchronized (store) {
            lifecycle.submissionsPerStep(count);
        }
    }

    public void s3UriAccessCheck(S3UriAccessCheck mode) {
        operations.s3UriAccessCheck(Objects.requireNonNull(mode, "mode"));
    }

    // ------------------------------------------------------------------------------------------------------ workflows

    /**
     * Registers (or replaces) a private workflow that GetWorkflow answers; {@code parameterTemplate} maps each
     * parameter name to whether it is optional, in order (null: the workflow has no template). Workflows are the
     * account's set-up and survive {@link #reset()}.
     */
    public void putWorkflow(String workflowId, String status, String type, String statusMessage,
                            Map<String, Boolean> parameterTemplate) {
        workflows.put(new Workflows.Definition(workflowId, null, status, type, statusMessage, parameterTemplate,
                java.time.Instant.now()));
    }

    /** Registers a version of a registered workflow, answered by GetWorkflowVersion. */
    public void putWorkflowVersion(String workflowId, String versionName, String status,
                                   Map<String, Boolean> parameterTemplate) {
        workflows.put(new Workflows.Definition(workflowId, versionName, status, "PRIVATE", null, parameterTemplate,
                java.time.Instant.now()));
    }

    // ------------------------------------------------------------------------------------------------ fault injection

    /** The next {@code count} calls of {@code operation} (StartRunBatch, GetBatch, ListRunsInBatch, CancelRunBatch)
     *  answer {@code httpStatus} with {@code x-amzn-ErrorType: errorType} and {@code {"message": message}}. */
    public void failNext(String operation, int count, int httpStatus, String errorType, String message) {
        faults.queue(operation, count, new OmicsFaults.Queued(OmicsFault.Delivery.ANSWER, httpStatus, errorType, message));
    }

    /** The next {@code count} calls of {@code operation} meet {@code fault} (see {@link OmicsFault}); the calls
     *  after them are served normally, which is how throttling, 5xx and expired-credential errors clear. */
    public void injectNext(String operation, int count, OmicsFault fault) {
        faults.queue(operation, count, OmicsFaults.Queued.of(Objects.requireNonNull(fault, "fault")));
    }

    /** Forgets queued faults and failing runs (the service recovered); batches, calls and events stay. */
    public void clearFaults() {
        faults.clear();
    }

    /** The next {@code count} calls of {@code operation} answer 429 ThrottlingException. */
    public void throttleNext(String operation, int count) {
        injectNext(operation, count, OmicsFault.THROTTLING);
    }

    /** Runs whose runSettingId matches fail submission (submissionStatus FAILED with this reason and message),
     *  in every batch submitted from now until {@link #reset()}. */
    public void failSubmissionOf(Predicate<String> runSettingIdMatcher, String reason, String message) {
        faults.failSubmissionOf(runSettingIdMatcher, reason, message);
    }

    /** Submitted runs whose runSettingId matches end FAILED instead of COMPLETED (failedRunCount). */
    public void failRunsOf(Predicate<String> runSettingIdMatcher) {
        faults.failRunsOf(runSettingIdMatcher);
    }

    /** Fails a non-terminal batch now, e.g. with ("INTERNAL_SERVER_EXCEPTION", "There was a transient error in the
     *  service. Retry the batch."). */
    public void failBatch(String batchId, String failureReason, String failureMessage) {
        synchronized (store) {
            RunBatch batch = store.require(batchId);
            if (batch.terminal()) {
                throw new IllegalStateException("batch " + batchId + " is already " + batch.status);
            }
            lifecycle.fail(batch, failureReason, failureMessage);
        }
        events.deliver();
    }

    // ---------------------------------------------------------------------------------------------------- observation

    /**
     * Receives every "RunBatch Status Change" event (EventBridge JSON) in emission order, synchronously: by the time
     * the HTTP call or {@link #advance} that caused it returns, unless another thread was delivering at that moment
     * (then that thread delivers it). A sink may call back into the emulator.
     */
    public void onStatusChange(Consumer<String> eventJson) {
        events.onStatusChange(eventJson);
    }

    /** Every status-change event emitted so far, oldest first. */
    public List<String> events() {
        return events.events();
    }

    public List<RecordedCall> calls() {
        return calls.calls();
    }

    /** Calls of one operation received so far, whatever they were answered with (auth failures, injected
     *  faults and dropped connections included). */
    public long count(String operation) {
        return calls.count(operation);
    }

    /** Calls received per operation ("Unknown" for unrouted ones), in order of first arrival. */
    public Map<String, Long> callCounts() {
        return calls.countsByOperation();
    }

    /** How many distinct batches exist per StartRunBatch requestId (sorted by requestId): 1 everywhere means no
     *  retry or duplicate call created a second batch for the same request. */
    public Map<String, Integer> batchesByRequestId() {
        Map<String, Integer> counts = new TreeMap<>();
        for (BatchView batch : batches()) {
            counts.merge(batch.requestId(), 1, Integer::sum);
        }
        return counts;
    }

    public Optional<BatchView> batch(String id) {
        synchronized (store) {
            return Optional.ofNullable(store.get(id)).map(OmicsBatchEmulator::view);
        }
    }

    public List<BatchView> batches() {
        synchronized (store) {
            return store.all().stream().map(OmicsBatchEmulator::view).toList();
        }
    }

    /** A samplesheet a run read as its input when it started (see {@link RunInputSheets}). */
    public record InputSheetView(String runSettingId, String uri, String header, int rows, String problem) {
    }

    /**
     * Every samplesheet runs have read as inputs, oldest first (a run reads its inputs as it starts and fails on a
     * missing one: https://docs.aws.amazon.com/omics/latest/dev/workflows-run-errors.html).
     */
    public List<InputSheetView> inputSheets() {
        return lifecycle.inputSheets().reads().stream().map(read -> new InputSheetView(read.runSettingId(), read.uri(),
                read.header(), read.rows(), read.problem())).toList();
    }

    /** Records every call, with its caller's role, into {@code ledger} (the IAM call ledger). */
    public void recordCallsInto(CallLedger ledger) {
        router.recordCallsInto(ledger);
    }

    /** Back to a just-started emulator: no batches, calls, events, faults, sinks; auto-advance off; defaults. */
    public void reset() {
        autoAdvance(null);
        synchronized (store) {
            store.clear();
            lifecycle.submissionsPerStep(Integer.MAX_VALUE);
            lifecycle.inputSheets().clear();
        }
        operations.s3UriAccessCheck(S3UriAccessCheck.SYNCHRONOUS);
        faults.clear();
        events.clear();
        calls.clear();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.close();
    }

    private static BatchView view(RunBatch batch) {
        List<RunView> runs = new ArrayList<>();
        if (batch.runs != null) {
            for (RunBatch.Run run : batch.runs) {
                runs.add(new RunView(run.runSettingId, run.runId, run.submissionStatus, run.runStatus,
                        run.submissionFailureReason, run.submissionFailureMessage));
            }
        }
        return new BatchView(batch.id, batch.arn, batch.uuid, batch.requestId, batch.name, batch.status, batch.totalRuns,
                batch.tags, batch.s3Location == null ? null : batch.s3Location.toString(), batch.s3ETag,
                batch.failureReason, batch.failureMessage, batch.normalizedRequest.toString(),
                Collections.unmodifiableList(runs));
    }
}
