package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

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
 */
public final class OmicsBatchEmulator implements AutoCloseable {

    public static final String START_RUN_BATCH = "StartRunBatch";
    public static final String GET_BATCH = "GetBatch";
    public static final String LIST_RUNS_IN_BATCH = "ListRunsInBatch";
    public static final String CANCEL_RUN_BATCH = "CancelRunBatch";
    private static final Set<String> OPERATIONS = Set.of(START_RUN_BATCH, GET_BATCH, LIST_RUNS_IN_BATCH, CANCEL_RUN_BATCH);
    private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.omics/";
    private static final int MAX_RUNS = 100_000;
    private static final int SETTLE_STEPS = 1_000;
    private static final System.Logger LOG = System.getLogger(OmicsBatchEmulator.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** When the s3UriSettings object is first checked. */
    public enum S3UriAccessCheck {
        /** During the StartRunBatch call, as the API reference documents (default). */
        SYNCHRONOUS,
        /** The call always answers 201; an unreadable object fails the batch when it validates its configurations. */
        ASYNCHRONOUS
    }

    /** One HTTP call as received, with the status it was answered with. Header names are lower case;
     *  {@code path} includes the raw query string, if any. */
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

    private record Fault(int status, String type, String message) {
    }

    private record SubmissionFailure(Predicate<String> matcher, String reason, String message) {
    }

    private record Route(String operation, String batchId) {
    }

    private final String region;
    private final String accountId;
    private final S3Client s3;
    private final SigV4Verifier verifier;
    private final Clock clock = Clock.systemUTC();
    private final LocalHttpServer server;
    private final ScheduledExecutorService timer;
    private final AtomicLong nextBatchId = new AtomicLong(7_000_001);
    private final AtomicLong nextRunId = new AtomicLong(8_000_001);

    // Guarded by this.
    private final Map<String, RunBatch> batches = new LinkedHashMap<>();
    private final Map<String, RunBatch> byRequestId = new HashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final List<SubmissionFailure> submissionFailures = new ArrayList<>();
    private final List<Predicate<String>> runFailures = new ArrayList<>();
    private final List<String> undelivered = new ArrayList<>();
    private int submissionsPerStep = Integer.MAX_VALUE;
    private S3UriAccessCheck s3UriAccessCheck = S3UriAccessCheck.SYNCHRONOUS;
    private ScheduledFuture<?> autoAdvance;

    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();

    private OmicsBatchEmulator(String region, String accountId, AwsCredentials credentials, S3Client s3) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.verifier = new SigV4Verifier("omics", region, credentials, clock);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "omics-emulator-advance");
            thread.setDaemon(true);
            return thread;
        });
        this.server = LocalHttpServer.start("omics", this::handle);
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
        synchronized (this) {
            for (RunBatch batch : new ArrayList<>(batches.values())) {
                step(batch);
            }
        }
        deliver();
    }

    /** Moves one batch one step and returns its status afterwards (unchanged when terminal). */
    public String advance(String batchId) {
        String status;
        synchronized (this) {
            RunBatch batch = require(batchId);
            step(batch);
            status = batch.status;
        }
        deliver();
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
    public synchronized void submissionsPerStep(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        this.submissionsPerStep = count;
    }

    public synchronized void s3UriAccessCheck(S3UriAccessCheck mode) {
        this.s3UriAccessCheck = Objects.requireNonNull(mode, "mode");
    }

    // ------------------------------------------------------------------------------------------------ fault injection

    /** The next {@code count} calls of {@code operation} (StartRunBatch, GetBatch, ListRunsInBatch, CancelRunBatch)
     *  answer {@code httpStatus} with {@code x-amzn-ErrorType: errorType} and {@code {"message": message}}. */
    public synchronized void failNext(String operation, int count, int httpStatus, String errorType, String message) {
        if (!OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("unknown operation " + operation + "; expected one of " + OPERATIONS);
        }
        Deque<Fault> queue = faults.computeIfAbsent(operation, key -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(new Fault(httpStatus, errorType, message));
        }
    }

    /** The next {@code count} calls of {@code operation} answer 429 ThrottlingException. */
    public void throttleNext(String operation, int count) {
        failNext(operation, count, 429, "ThrottlingException", "Rate exceeded");
    }

    /** Runs whose runSettingId matches fail submission (submissionStatus FAILED with this reason and message),
     *  in every batch submitted from now until {@link #reset()}. */
    public synchronized void failSubmissionOf(Predicate<String> runSettingIdMatcher, String reason, String message) {
        submissionFailures.add(new SubmissionFailure(Objects.requireNonNull(runSettingIdMatcher), reason, message));
    }

    /** Submitted runs whose runSettingId matches end FAILED instead of COMPLETED (failedRunCount). */
    public synchronized void failRunsOf(Predicate<String> runSettingIdMatcher) {
        runFailures.add(Objects.requireNonNull(runSettingIdMatcher));
    }

    /** Fails a non-terminal batch now, e.g. with ("INTERNAL_SERVER_EXCEPTION", "There was a transient error in the
     *  service. Retry the batch."). */
    public void failBatch(String batchId, String failureReason, String failureMessage) {
        synchronized (this) {
            RunBatch batch = require(batchId);
            if (batch.terminal()) {
                throw new IllegalStateException("batch " + batchId + " is already " + batch.status);
            }
            fail(batch, failureReason, failureMessage);
        }
        deliver();
    }

    // ---------------------------------------------------------------------------------------------------- observation

    /**
     * Receives every "RunBatch Status Change" event (EventBridge JSON) in emission order, synchronously: by the time
     * the HTTP call or {@link #advance} that caused it returns, unless another thread was delivering at that moment
     * (then that thread delivers it). A sink may call back into the emulator.
     */
    public void onStatusChange(Consumer<String> eventJson) {
        sinks.add(Objects.requireNonNull(eventJson));
    }

    /** Every status-change event emitted so far, oldest first. */
    public List<String> events() {
        return List.copyOf(events);
    }

    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one operation received so far, whatever they were answered with (auth failures and injected
     *  faults included). */
    public long count(String operation) {
        return calls.stream().filter(call -> call.operation().equals(operation)).count();
    }

    public synchronized Optional<BatchView> batch(String id) {
        return Optional.ofNullable(batches.get(id)).map(OmicsBatchEmulator::view);
    }

    public synchronized List<BatchView> batches() {
        return batches.values().stream().map(OmicsBatchEmulator::view).toList();
    }

    /** Back to a just-started emulator: no batches, calls, events, faults, sinks; auto-advance off; defaults. */
    public void reset() {
        synchronized (this) {
            autoAdvance(null);
            batches.clear();
            byRequestId.clear();
            faults.clear();
            submissionFailures.clear();
            runFailures.clear();
            undelivered.clear();
            submissionsPerStep = Integer.MAX_VALUE;
            s3UriAccessCheck = S3UriAccessCheck.SYNCHRONOUS;
            calls.clear();
            events.clear();
            sinks.clear();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.close();
    }

    // ------------------------------------------------------------------------------------------------------ HTTP side

    private LocalHttpServer.Response handle(LocalHttpServer.Request request) {
        Route route = route(request);
        String requestId = UUID.randomUUID().toString();
        LocalHttpServer.Response response;
        try {
            SigV4Verifier.Outcome auth = verifier.verify(request);
            if (!auth.ok()) {
                throw switch (auth.problem()) {
                    case MISSING -> new OmicsException(403, "MissingAuthenticationTokenException", auth.message());
                    case UNKNOWN_ACCESS_KEY -> new OmicsException(403, "UnrecognizedClientException", auth.message());
                    case MALFORMED -> new OmicsException(403, "IncompleteSignatureException", auth.message());
                    default -> new OmicsException(403, "InvalidSignatureException", auth.message());
                };
            }
            if (route.operation() == null) {
                throw new OmicsException(404, "UnknownOperationException",
                        "The emulator does not implement " + request.method() + " " + request.rawPath());
            }
            Fault fault = takeFault(route.operation());
            if (fault != null) {
                throw new OmicsException(fault.status(), fault.type(), fault.message());
            }
            response = switch (route.operation()) {
                case START_RUN_BATCH -> json(201, startRunBatch(request), requestId);
                case GET_BATCH -> json(200, getBatch(route.batchId()), requestId);
                case LIST_RUNS_IN_BATCH -> json(200, listRunsInBatch(route.batchId(), request.rawQuery()), requestId);
                case CANCEL_RUN_BATCH -> json(202, cancelRunBatch(request), requestId);
                default -> throw new IllegalStateException(route.operation());
            };
        } catch (OmicsException e) {
            response = error(e, requestId);
        }
        calls.add(new RecordedCall(route.operation() == null ? "Unknown" : route.operation(), request.method(),
                request.pathAndQuery(), request.headers(), request.bodyText(), response.status()));
        deliver();
        return response;
    }

    private static Route route(LocalHttpServer.Request request) {
        List<String> segments = new ArrayList<>();
        for (String segment : request.rawPath().split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        boolean runBatch = !segments.isEmpty() && segments.get(0).equals("runBatch");
        String method = request.method();
        if (runBatch && segments.size() == 1 && method.equals("POST")) {
            return new Route(START_RUN_BATCH, null);
        }
        if (runBatch && segments.size() == 2 && method.equals("POST") && segments.get(1).equals("cancel")) {
            return new Route(CANCEL_RUN_BATCH, null);
        }
        if (runBatch && segments.size() == 2 && method.equals("GET")) {
            return new Route(GET_BATCH, segments.get(1));
        }
        if (runBatch && segments.size() == 3 && method.equals("GET") && segments.get(2).equals("run")) {
            return new Route(LIST_RUNS_IN_BATCH, segments.get(1));
        }
        return new Route(null, null);
    }

    private synchronized Fault takeFault(String operation) {
        Deque<Fault> queue = faults.get(operation);
        return queue == null ? null : queue.poll();
    }

    private ObjectNode startRunBatch(LocalHttpServer.Request request) {
        StartRunBatchRules.Parsed parsed = StartRunBatchRules.parse(readJson(request.body()));
        synchronized (this) {
            RunBatch existing = byRequestId.get(parsed.requestId());
            if (existing != null) {
                if (existing.normalizedRequest.equals(parsed.normalizedBody())) {
                    return startResponse(existing);
                }
                throw OmicsException.conflict("A run batch with requestId '" + parsed.requestId()
                        + "' already exists (" + existing.id + ") and was started with different parameters.");
            }
            String id = Long.toString(nextBatchId.getAndIncrement());
            RunBatch batch = new RunBatch(id, "arn:aws:omics:" + region + ":" + accountId + ":runBatch/" + id,
                    UUID.randomUUID().toString(), parsed, clock.instant());
            if (batch.s3Location != null) {
                recordS3ETag(batch);
            }
            batches.put(id, batch);
            byRequestId.put(parsed.requestId(), batch);
            emit(batch);
            return startResponse(batch);
        }
    }

    private void recordS3ETag(RunBatch batch) {
        String uri = batch.s3Location.toString();
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(batch.s3Location.bucket()).key(batch.s3Location.key()));
            batch.s3ETag = head.eTag();
        } catch (S3Exception e) {
            String problem = e.statusCode() == 404
                    ? "s3UriSettings " + uri + " does not exist (" + errorCode(e) + ")."
                    : "The service role cannot read s3UriSettings " + uri + " (" + errorCode(e) + ", HTTP " + e.statusCode() + ").";
            if (s3UriAccessCheck == S3UriAccessCheck.ASYNCHRONOUS) {
                batch.s3ProblemAtStart = problem;
            } else if (e.statusCode() == 403) {
                throw OmicsException.accessDenied(problem);
            } else if (e.statusCode() == 404) {
                throw OmicsException.validation(problem);
            } else {
                throw OmicsException.internal("Could not check s3UriSettings " + uri + ": " + e.getMessage());
            }
        } catch (SdkException e) {
            throw OmicsException.internal("Could not check s3UriSettings " + uri + ": " + e.getMessage());
        }
    }

    private static ObjectNode startResponse(RunBatch batch) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", batch.id);
        json.put("arn", batch.arn);
        json.put("status", batch.status);
        json.put("uuid", batch.uuid);
        ObjectNode tags = json.putObject("tags");
        batch.tags.forEach(tags::put);
        return json;
    }

    private synchronized ObjectNode getBatch(String batchId) {
        return find(batchId).getBatchJson();
    }

    private synchronized ObjectNode listRunsInBatch(String batchId, String rawQuery) {
        Map<String, String> query = parseQuery(rawQuery);
        List<String> violations = new ArrayList<>();
        int maxItems = 100;
        String maxItemsText = query.get("maxItems");
        if (maxItemsText != null) {
            try {
                maxItems = Integer.parseInt(maxItemsText);
                if (maxItems < 1) {
                    violations.add("Value '" + maxItems + "' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
                } else if (maxItems > 100) {
                    violations.add("Value '" + maxItems + "' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 100");
                }
            } catch (NumberFormatException e) {
                throw OmicsException.serialization("maxItems must be an integer, not '" + maxItemsText + "'");
            }
        }
        String status = query.get("submissionStatus");
        List<String> statuses = List.of("SUCCESS", "FAILED", "CANCEL_SUCCESS", "CANCEL_FAILED", "DELETE_SUCCESS", "DELETE_FAILED");
        if (status != null && !statuses.contains(status)) {
            violations.add("Value '" + status + "' at 'submissionStatus' failed to satisfy constraint: Member must satisfy enum value set: " + statuses);
        }
        String token = query.get("startingToken");
        if (token != null && (token.isEmpty() || token.length() > 128)) {
            violations.add("Value '" + token + "' at 'startingToken' failed to satisfy constraint: Member must have length between 1 and 128");
        }
        validateBatchId(batchId, violations);
        if (!violations.isEmpty()) {
            throw OmicsException.validation(StartRunBatchRules.validationMessage(violations));
        }
        List<String> filters = new ArrayList<>();
        for (String name : List.of("submissionStatus", "runSettingId", "runId")) {
            if (query.containsKey(name)) {
                filters.add(name + "=" + query.get(name));
            }
        }
        if (filters.size() > 1) {
            throw OmicsException.validation("Only one filter per call is supported; received " + filters.size()
                    + " (submissionStatus, runSettingId, runId).");
        }
        String filter = filters.isEmpty() ? "" : filters.get(0);
        RunBatch batch = find(batchId);
        int offset = token == null ? 0 : decodeToken(token, batchId, filter);
        List<RunBatch.Run> matching = new ArrayList<>();
        for (RunBatch.Run run : batch.listedRuns()) {
            boolean keep = status != null ? status.equals(run.submissionStatus)
                    : query.containsKey("runSettingId") ? query.get("runSettingId").equals(run.runSettingId)
                    : !query.containsKey("runId") || query.get("runId").equals(run.runId);
            if (keep) {
                matching.add(run);
            }
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode runs = json.putArray("runs");
        int end = Math.min(matching.size(), offset + maxItems);
        for (RunBatch.Run run : matching.subList(Math.min(offset, matching.size()), end)) {
            ObjectNode item = runs.addObject();
            item.put("runSettingId", run.runSettingId);
            if (run.runId != null) {
                item.put("runId", run.runId);
                item.put("runArn", run.runArn);
                item.put("runInternalUuid", run.runUuid);
            }
            item.put("submissionStatus", run.submissionStatus);
            if (run.submissionFailureReason != null) {
                item.put("submissionFailureReason", run.submissionFailureReason);
            }
            if (run.submissionFailureMessage != null) {
                item.put("submissionFailureMessage", run.submissionFailureMessage);
            }
        }
        if (end < matching.size()) {
            json.put("nextToken", encodeToken(batchId, end, filter));
        }
        return json;
    }

    private ObjectNode cancelRunBatch(LocalHttpServer.Request request) {
        JsonNode body = readJson(request.body());
        if (body == null || !body.isObject()) {
            throw OmicsException.serialization("The request body must be a JSON object (CancelRunBatchRequest).");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("batchId")) {
                throw OmicsException.validation("Unrecognized field '" + name + "' (not part of CancelRunBatchRequest).");
            }
        });
        JsonNode idNode = body.get("batchId");
        if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
            throw OmicsException.serialization("Expected a string at 'batchId' but found " + idNode.getNodeType());
        }
        String batchId = idNode == null || idNode.isNull() ? null : idNode.textValue();
        List<String> violations = new ArrayList<>();
        if (batchId == null) {
            violations.add("Value null at 'batchId' failed to satisfy constraint: Member must not be null");
        } else {
            validateBatchId(batchId, violations);
        }
        if (!violations.isEmpty()) {
            throw OmicsException.validation(StartRunBatchRules.validationMessage(violations));
        }
        synchronized (this) {
            RunBatch batch = find(batchId);
            if (!RunBatch.CANCELLABLE.contains(batch.status)) {
                throw OmicsException.conflict("Batch " + batchId + " is " + batch.status
                        + "; cancel is only allowed in PENDING, SUBMITTING or INPROGRESS, one cancel or delete at a time.");
            }
            transition(batch, RunBatch.STOPPING);
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private static void validateBatchId(String batchId, List<String> violations) {
        if (batchId.isEmpty() || batchId.length() > 18) {
            violations.add("Value '" + batchId + "' at 'batchId' failed to satisfy constraint: Member must have length between 1 and 18");
        } else if (!batchId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            violations.add("Value '" + batchId + "' at 'batchId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+");
        }
    }

    private RunBatch find(String batchId) {
        List<String> violations = new ArrayList<>();
        validateBatchId(batchId, violations);
        if (!violations.isEmpty()) {
            throw OmicsException.validation(StartRunBatchRules.validationMessage(violations));
        }
        RunBatch batch = batches.get(batchId);
        if (batch == null) {
            throw OmicsException.notFound("The specified batch " + batchId + " does not exist.");
        }
        return batch;
    }

    private RunBatch require(String batchId) {
        RunBatch batch = batches.get(batchId);
        if (batch == null) {
            throw new IllegalArgumentException("no batch " + batchId);
        }
        return batch;
    }

    private static String encodeToken(String batchId, int offset, String filter) {
        String raw = batchId + "|" + offset + "|" + filter;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String token, String batchId, String filter) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 3);
            if (parts.length == 3 && parts[0].equals(batchId) && parts[2].equals(filter)) {
                int offset = Integer.parseInt(parts[1]);
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below (NumberFormatException is an IllegalArgumentException)
        }
        throw OmicsException.validation("The startingToken is invalid or belongs to another batch or filter.");
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw OmicsException.serialization("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw OmicsException.serialization("The request body could not be read as JSON.");
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private static LocalHttpServer.Response json(int status, ObjectNode body, String requestId) {
        return LocalHttpServer.Response.of(status, "application/json", body.toString(), Map.of("x-amzn-RequestId", requestId));
    }

    private static LocalHttpServer.Response error(OmicsException e, String requestId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("message", e.getMessage());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        headers.put("x-amzn-ErrorType", e.type() + ERROR_TYPE_SUFFIX);
        return LocalHttpServer.Response.of(e.status(), "application/json", body.toString(), headers);
    }

    // ---------------------------------------------------------------------------------------------------- state moves

    /** One lifecycle step of one batch. Caller holds the lock. */
    private void step(RunBatch batch) {
        switch (batch.status) {
            case RunBatch.CREATING -> transition(batch, RunBatch.PENDING);
            case RunBatch.PENDING -> validateRunConfigurations(batch);
            case RunBatch.SUBMITTING -> {
                progressRuns(batch);
                submitRuns(batch);
                if (batch.count(RunBatch.Run::awaitingSubmission) == 0) {
                    batch.submittedTime = clock.instant();
                    transition(batch, RunBatch.INPROGRESS);
                }
            }
            case RunBatch.INPROGRESS -> {
                progressRuns(batch);
                if (batch.count(RunBatch.Run::executing) == 0) {
                    batch.processedTime = clock.instant();
                    transition(batch, RunBatch.PROCESSED);
                }
            }
            case RunBatch.STOPPING -> {
                for (RunBatch.Run run : batch.runs == null ? List.<RunBatch.Run>of() : batch.runs) {
                    if (run.awaitingSubmission()) {
                        run.dropped = true;
                    } else if (run.executing()) {
                        run.runStatus = "CANCELLED";
                        run.submissionStatus = "CANCEL_SUCCESS";
                        batch.successfulCancelSubmissions++;
                    }
                }
                transition(batch, RunBatch.CANCELLED);
            }
            default -> {
                // terminal: nothing moves
            }
        }
    }

    private void validateRunConfigurations(RunBatch batch) {
        List<JsonNode> entries;
        String sourcePath;
        if (batch.s3Location == null) {
            entries = new ArrayList<>(batch.inlineSettings);
            sourcePath = "batchRunSettings.inlineSettings";
        } else {
            sourcePath = "s3UriSettings";
            JsonNode file = readRunConfigurations(batch);
            if (file == null) {
                return; // the batch has failed
            }
            if (!file.isArray()) {
                fail(batch, "VALIDATION_EXCEPTION", "Invalid JSON format in run configurations: expected a JSON array of run settings.");
                return;
            }
            entries = new ArrayList<>();
            file.forEach(entries::add);
            for (int i = 0; i < entries.size(); i++) {
                List<String> problems = StartRunBatchRules.fileEntryProblems(entries.get(i), sourcePath + "[" + i + "]");
                if (!problems.isEmpty()) {
                    fail(batch, "VALIDATION_EXCEPTION", StartRunBatchRules.validationMessage(problems));
                    return;
                }
            }
        }
        if (entries.size() > MAX_RUNS) {
            fail(batch, "VALIDATION_EXCEPTION", "Batch has " + entries.size() + " runs but " + MAX_RUNS + " runs is the max.");
            return;
        }
        if (entries.isEmpty()) {
            fail(batch, "VALIDATION_EXCEPTION", "Batch has 0 runs but at least 1 run is required.");
            return;
        }
        Set<String> unique = new HashSet<>();
        for (JsonNode entry : entries) {
            unique.add(entry.get("runSettingId").textValue());
        }
        if (unique.size() != entries.size()) {
            fail(batch, "VALIDATION_EXCEPTION", "Expected " + entries.size() + " unique runSettingIds but there were " + unique.size());
            return;
        }
        List<RunBatch.Run> runs = new ArrayList<>();
        for (JsonNode entry : entries) {
            runs.add(new RunBatch.Run(entry.get("runSettingId").textValue()));
        }
        batch.runs = runs;
        batch.totalRuns = runs.size();
        transition(batch, RunBatch.SUBMITTING);
    }

    /** Reads the s3UriSettings file if its ETag is still the recorded one; otherwise fails the batch and returns null. */
    private JsonNode readRunConfigurations(RunBatch batch) {
        String uri = batch.s3Location.toString();
        if (batch.s3ETag == null) {
            fail(batch, "VALIDATION_EXCEPTION", batch.s3ProblemAtStart != null ? batch.s3ProblemAtStart
                    : "s3UriSettings " + uri + " could not be read.");
            return null;
        }
        String changed = "s3UriConfigs have changed since calling StartRunBatch";
        try {
            String current = s3.headObject(r -> r.bucket(batch.s3Location.bucket()).key(batch.s3Location.key())).eTag();
            if (!batch.s3ETag.equals(current)) {
                fail(batch, "VALIDATION_EXCEPTION", "Expected s3UriConfigs etag: " + batch.s3ETag + " but was: " + current + ". " + changed);
                return null;
            }
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(batch.s3Location.bucket())
                    .key(batch.s3Location.key()).ifMatch(batch.s3ETag));
            try {
                return JSON.readTree(bytes.asByteArray());
            } catch (JsonProcessingException e) {
                fail(batch, "VALIDATION_EXCEPTION", "Invalid JSON format in run configurations: " + e.getOriginalMessage());
                return null;
            } catch (java.io.IOException e) {
                fail(batch, "VALIDATION_EXCEPTION", "Invalid JSON format in run configurations.");
                return null;
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 412) {
                fail(batch, "VALIDATION_EXCEPTION", "Expected s3UriConfigs etag: " + batch.s3ETag + " but "
                        + (e.statusCode() == 404 ? "the object no longer exists" : "it no longer matches") + ". " + changed);
            } else if (e.statusCode() == 403) {
                fail(batch, "ACCESS_DENIED_EXCEPTION", "The service role can no longer read s3UriSettings " + uri + ".");
            } else {
                fail(batch, "INTERNAL_SERVER_EXCEPTION", "There was a transient error in the service. Retry the batch.");
            }
            return null;
        } catch (SdkException e) {
            fail(batch, "INTERNAL_SERVER_EXCEPTION", "There was a transient error in the service. Retry the batch.");
            return null;
        }
    }

    private void submitRuns(RunBatch batch) {
        int budget = submissionsPerStep;
        for (RunBatch.Run run : batch.runs) {
            if (budget == 0) {
                break;
            }
            if (!run.awaitingSubmission()) {
                continue;
            }
            budget--;
            SubmissionFailure failure = submissionFailures.stream()
                    .filter(candidate -> candidate.matcher().test(run.runSettingId))
                    .findFirst().orElse(null);
            if (failure != null) {
                run.submissionStatus = "FAILED";
                run.submissionFailureReason = failure.reason();
                run.submissionFailureMessage = failure.message();
            } else {
                run.submissionStatus = "SUCCESS";
                run.runId = Long.toString(nextRunId.getAndIncrement());
                run.runArn = "arn:aws:omics:" + region + ":" + accountId + ":run/" + run.runId;
                run.runUuid = UUID.randomUUID().toString();
                run.runStatus = "PENDING";
            }
        }
    }

    private void progressRuns(RunBatch batch) {
        for (RunBatch.Run run : batch.runs) {
            if (run.runStatus == null) {
                continue;
            }
            run.runStatus = switch (run.runStatus) {
                case "PENDING" -> "STARTING";
                case "STARTING" -> "RUNNING";
                case "RUNNING" -> runFailures.stream().anyMatch(matcher -> matcher.test(run.runSettingId)) ? "FAILED" : "COMPLETED";
                default -> run.runStatus;
            };
        }
    }

    private void fail(RunBatch batch, String reason, String message) {
        batch.failureReason = reason;
        batch.failureMessage = message;
        batch.failedTime = clock.instant();
        transition(batch, RunBatch.FAILED);
    }

    private void transition(RunBatch batch, String status) {
        batch.status = status;
        emit(batch);
    }

    private void emit(RunBatch batch) {
        String event = batch.statusChangeEvent(UUID.randomUUID().toString(), clock.instant(), region, accountId).toString();
        events.add(event);
        undelivered.add(event);
    }

    /**
     * Hands queued events to the sinks in emission order without holding any lock a sink could need: a sink may call
     * the emulator (over HTTP or directly) without deadlocking. One thread delivers at a time; events queued by
     * another thread meanwhile (or by the sink itself) are delivered by the thread already delivering.
     */
    private void deliver() {
        if (deliveryLock.isHeldByCurrentThread()) {
            return; // called from inside a sink: the outer loop delivers what was just queued, in order
        }
        while (deliveryLock.tryLock()) {
            try {
                for (List<String> pending = drainUndelivered(); !pending.isEmpty(); pending = drainUndelivered()) {
                    for (String event : pending) {
                        for (Consumer<String> sink : sinks) {
                            try {
                                sink.accept(event);
                            } catch (RuntimeException e) {
                                // EventBridge delivery is best effort; a failing sink must not break the emulator.
                                LOG.log(System.Logger.Level.WARNING, "status-change sink failed", e);
                            }
                        }
                    }
                }
            } finally {
                deliveryLock.unlock();
            }
            synchronized (this) {
                if (undelivered.isEmpty()) {
                    return; // otherwise another thread queued events after our last drain: go round again
                }
            }
        }
    }

    private synchronized List<String> drainUndelivered() {
        List<String> pending = new ArrayList<>(undelivered);
        undelivered.clear();
        return pending;
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

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
    }
}
