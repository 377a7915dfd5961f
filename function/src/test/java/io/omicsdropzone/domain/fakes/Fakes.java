package io.omicsdropzone.domain.fakes;

import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchDetails;
import io.omicsdropzone.domain.batch.BatchListPage;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.domain.batch.BatchSummary;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.batch.RunsPage;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.batch.WorkflowRun;
import io.omicsdropzone.domain.batch.WorkflowRunsPage;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.notification.Notifier;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.redrive.RunClaims;
import io.omicsdropzone.domain.snapshot.SnapshotStore;
import io.omicsdropzone.domain.submission.RunSettingsStore;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** In-memory fakes of the project's own ports (never of SDK interfaces), for fast domain tests. */
public final class Fakes {

    /** A pipeline's default run setting, as the tests' single-workflow configuration gives it. */
    public static final DefaultRunSetting SETTING = new DefaultRunSetting("1234567",
            "arn:aws:iam::123456789012:role/omics-runs",
            "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics-runs\"}");

    private Fakes() {
    }

    /** A clock tests move by hand. */
    public static final class MutableClock extends Clock {
        private Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Records what was published; can fail the next publishes. */
    public static final class RecordingNotifier implements Notifier {
        public final List<Notification> published = new CopyOnWriteArrayList<>();
        private final Deque<RuntimeException> failures = new ArrayDeque<>();

        public synchronized void failNext(RuntimeException failure) {
            failures.add(failure);
        }

        @Override
        public synchronized void publish(Notification notification) {
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            published.add(notification);
        }

        public List<String> types() {
            return published.stream().map(Notification::type).toList();
        }
    }

    /** Objects by bucket/key, with an ETag each; a hook runs on every open (to change state mid-read). */
    public static final class MemoryStore implements RunSettingsStore {
        private final Map<String, byte[]> objects = new HashMap<>();
        private final Map<String, String> etags = new HashMap<>();
        private final Map<String, RuntimeException> headFailures = new HashMap<>();
        public int opens;
        public Runnable onOpen = () -> { };
        public Function<InputStream, InputStream> wrap = Function.identity();

        public synchronized void put(String bucket, String key, String etag, String content) {
            objects.put(bucket + "/" + key, content.getBytes(StandardCharsets.UTF_8));
            etags.put(bucket + "/" + key, etag);
        }

        public synchronized void delete(String bucket, String key) {
            objects.remove(bucket + "/" + key);
            etags.remove(bucket + "/" + key);
        }

        public synchronized void failHead(String bucket, String key, RuntimeException failure) {
            headFailures.put(bucket + "/" + key, failure);
        }

        @Override
        public synchronized Optional<StoredObject> head(String bucket, String key) {
            RuntimeException failure = headFailures.get(bucket + "/" + key);
            if (failure != null) {
                throw failure;
            }
            byte[] content = objects.get(bucket + "/" + key);
            return content == null ? Optional.empty()
                    : Optional.of(new StoredObject(etags.get(bucket + "/" + key), content.length));
        }

        @Override
        public synchronized InputStream open(String bucket, String key, String etag) {
            opens++;
            onOpen.run();
            byte[] content = objects.get(bucket + "/" + key);
            if (content == null || !etag.equals(etags.get(bucket + "/" + key))) {
                throw new ObjectChangedException("the object changed while being read");
            }
            return wrap.apply(new ByteArrayInputStream(content));
        }
    }

    /**
     * HealthOmics batches by requestId: StartRunBatch returns the same batch for the same requestId, as the service
     * does; queued failures are thrown first. GetBatch answers from a per-batch function or queued failures.
     */
    public static final class MemoryBatches implements RunBatchApi {
        public final Map<String, StartedBatch> byRequestId = new LinkedHashMap<>();
        public final List<BatchRequest> startCalls = new CopyOnWriteArrayList<>();
        private final Deque<BatchApiException> startFailures = new ArrayDeque<>();
        private final Map<String, Deque<RuntimeException>> getFailures = new HashMap<>();
        private final Map<String, BatchObservation> states = new HashMap<>();
        public final List<String> getCalls = new ArrayList<>();
        public final List<String> listCalls = new ArrayList<>();
        private final Deque<BatchApiException> listFailures = new ArrayDeque<>();

        public synchronized void failNextList(BatchApiException failure) {
            listFailures.add(failure);
        }
        private final Map<String, BatchRequest> requests = new LinkedHashMap<>();
        private final Map<String, Instant> created = new HashMap<>();
        /** When the service says a batch was created; tests move it with their clock. */
        public java.util.function.Supplier<Instant> createdAt = () -> Instant.parse("2026-12-01T12:00:00Z");
        private int next = 7_000_001;

        public synchronized void failNextStart(BatchApiException failure) {
            startFailures.add(failure);
        }

        public synchronized void failGetBatch(String batchId, RuntimeException failure, int times) {
            for (int i = 0; i < times; i++) {
                getFailures.computeIfAbsent(batchId, id -> new ArrayDeque<>()).add(failure);
            }
        }

        public synchronized void state(BatchObservation observation) {
            states.put(observation.batchId(), observation);
        }

        @Override
        public synchronized StartedBatch startRunBatch(BatchRequest request) {
            startCalls.add(request);
            if (!startFailures.isEmpty()) {
                throw startFailures.poll();
            }
            return byRequestId.computeIfAbsent(request.requestId(), id -> {
                String batchId = Integer.toString(next++);
                requests.put(batchId, request);
                created.put(batchId, createdAt.get());
                return new StartedBatch(batchId, "arn:aws:omics:us-east-1:123456789012:runBatch/" + batchId,
                        "CREATING", "uuid-" + batchId);
            });
        }

        /** StartRunBatch created the batch and its answer was lost: the batch exists, the caller never heard of it. */
        public synchronized void createThenLoseAnswer(BatchRequest request) {
            byRequestId.computeIfAbsent(request.requestId(), id -> {
                String batchId = Integer.toString(next++);
                requests.put(batchId, request);
                created.put(batchId, createdAt.get());
                return new StartedBatch(batchId, "arn:aws:omics:us-east-1:123456789012:runBatch/" + batchId,
                        "CREATING", "uuid-" + batchId);
            });
        }

        @Override
        public synchronized BatchDetails getBatchDetails(String batchId) {
            BatchRequest request = requests.get(batchId);
            if (request == null) {
                throw new BatchApiException(BatchApiException.Kind.NOT_FOUND, "ResourceNotFoundException", 404,
                        "batch " + batchId + " not found", null);
            }
            getCalls.add(batchId);
            StartedBatch started = byRequestId.get(request.requestId());
            BatchObservation state = states.getOrDefault(batchId, new BatchObservation(batchId, started.arn(),
                    started.status(), created.get(batchId), Map.of(), null, null));
            Map<String, String> runTags = new LinkedHashMap<>();
            Object tags = io.omicsdropzone.json.JsonReader.readObject(request.defaultRunSetting().json()).get("runTags");
            if (tags instanceof Map<?, ?> map) {
                map.forEach((k, v) -> runTags.put(k.toString(), v.toString()));
            }
            return new BatchDetails(state, request.batchName(), created.get(batchId), request.tags(), runTags);
        }

        /** Newest first, as one plausible order (the service documents none). */
        @Override
        public synchronized BatchListPage listBatch(String name, int maxItems, String token) {
            listCalls.add(name);
            if (!listFailures.isEmpty()) {
                throw listFailures.poll();
            }
            List<BatchSummary> all = new ArrayList<>();
            requests.forEach((id, request) -> {
                if (name.equals(request.batchName())) {
                    all.add(0, new BatchSummary(id, request.batchName(), "PENDING", created.get(id)));
                }
            });
            int offset = token == null ? 0 : Integer.parseInt(token);
            int end = Math.min(all.size(), offset + maxItems);
            return new BatchListPage(all.subList(offset, end), end < all.size() ? Integer.toString(end) : null);
        }

        @Override
        public synchronized BatchObservation getBatch(String batchId) {
            getCalls.add(batchId);
            Deque<RuntimeException> failures = getFailures.get(batchId);
            if (failures != null && !failures.isEmpty()) {
                throw failures.poll();
            }
            BatchObservation state = states.get(batchId);
            if (state == null) {
                throw new BatchApiException(BatchApiException.Kind.NOT_FOUND, "ResourceNotFoundException", 404,
                        "batch " + batchId + " not found", null);
            }
            return state;
        }

        private final Map<String, List<BatchRun>> batchRuns = new HashMap<>();
        private final Map<String, List<WorkflowRun>> workflowRuns = new HashMap<>();

        /** What ListRunsInBatch and ListRuns answer for a batch (one page each). */
        public synchronized void runs(String batchId, List<BatchRun> submissions, List<WorkflowRun> runs) {
            batchRuns.put(batchId, List.copyOf(submissions));
            workflowRuns.put(batchId, List.copyOf(runs));
        }

        @Override
        public synchronized RunsPage listRunsInBatch(String batchId, String submissionStatus, int maxItems,
                                                     String token) {
            return new RunsPage(batchRuns.getOrDefault(batchId, List.of()).stream()
                    .filter(run -> submissionStatus == null || submissionStatus.equals(run.submissionStatus()))
                    .toList(), null);
        }

        @Override
        public void cancelRunBatch(String batchId) {
        }

        @Override
        public synchronized WorkflowRunsPage listRuns(String batchId, String status, int maxResults, String token) {
            return new WorkflowRunsPage(workflowRuns.getOrDefault(batchId, List.of()).stream()
                    .filter(run -> status == null || status.equals(run.status())).toList(), null);
        }

        @Override
        public WorkflowRun getRun(String runId) {
            throw new BatchApiException(BatchApiException.Kind.NOT_FOUND, "ResourceNotFoundException", 404,
                    "run " + runId + " not found", null);
        }
    }

    /**
     * Snapshots in a {@link MemoryStore}: a copy is refused when the source's ETag is no longer the given one, as
     * {@code x-amz-copy-source-if-match} makes S3 refuse it; the copy's ETag is {@code snap-<source ETag>}.
     */
    public static final class MemorySnapshots implements SnapshotStore {
        private final MemoryStore store;
        public final List<String> copies = new CopyOnWriteArrayList<>();
        private RuntimeException nextCopyFailure;

        public MemorySnapshots(MemoryStore store) {
            this.store = store;
        }

        /** The next copy throws {@code failure} (e.g. the source changed in between), copying nothing. */
        public synchronized void failNextCopy(RuntimeException failure) {
            nextCopyFailure = failure;
        }

        @Override
        public Snapshot copy(String bucket, String sourceKey, String sourceEtag, long size, String targetKey) {
            synchronized (this) {
                if (nextCopyFailure != null) {
                    RuntimeException failure = nextCopyFailure;
                    nextCopyFailure = null;
                    throw failure;
                }
            }
            synchronized (store) {
                if (!sourceEtag.equals(store.etags.get(bucket + "/" + sourceKey))) {
                    throw new RunSettingsStore.ObjectChangedException("the object changed before its snapshot was taken");
                }
                copies.add(targetKey);
                String etag = "snap-" + sourceEtag;
                store.objects.put(bucket + "/" + targetKey, store.objects.get(bucket + "/" + sourceKey));
                store.etags.put(bucket + "/" + targetKey, etag);
                return new Snapshot(bucket, targetKey, etag);
            }
        }

        @Override
        public Snapshot write(String bucket, String targetKey, Content content) {
            try (InputStream in = content.open()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String etag = "w-" + Integer.toHexString(text.hashCode());
                store.put(bucket, targetKey, etag, text);
                return new Snapshot(bucket, targetKey, etag);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Keys written once (a second write of the same key is refused, as S3's If-None-Match: * refuses it). */
        public final List<String> writtenOnce = new CopyOnWriteArrayList<>();

        @Override
        public boolean writeOnce(String bucket, String targetKey, Content content, String contentType) {
            synchronized (store) {
                if (store.objects.containsKey(bucket + "/" + targetKey)) {
                    return false;
                }
                write(bucket, targetKey, content);
                writtenOnce.add(targetKey);
                return true;
            }
        }

        @Override
        public Snapshot writeOnce(String bucket, String targetKey, Content content) {
            synchronized (store) {
                String existing = store.etags.get(bucket + "/" + targetKey);
                return existing != null ? new Snapshot(bucket, targetKey, existing) : write(bucket, targetKey, content);
            }
        }

        @Override
        public Snapshot copyOnce(String bucket, String sourceKey, String sourceEtag, long size, String targetKey) {
            synchronized (store) {
                String existing = store.etags.get(bucket + "/" + targetKey);
                return existing != null ? new Snapshot(bucket, targetKey, existing)
                        : copy(bucket, sourceKey, sourceEtag, size, targetKey);
            }
        }

        @Override
        public InputStream open(Snapshot snapshot) {
            return store.open(snapshot.bucket(), snapshot.key(), snapshot.etag());
        }
    }

    /** {@link RunClaims} in memory: a claim never changes owner. */
    public static final class MemoryRunClaims implements RunClaims {
        private final Map<String, Map<String, String>> byOriginal = new HashMap<>();

        @Override
        public synchronized Map<String, String> claim(String originalRequestId, String redriveRequestId,
                                                      java.util.Collection<String> runSettingIds) {
            Map<String, String> claims = byOriginal.computeIfAbsent(originalRequestId, id -> new HashMap<>());
            Map<String, String> owners = new LinkedHashMap<>();
            runSettingIds.forEach(run -> owners.put(run, claims.computeIfAbsent(run, r -> redriveRequestId)));
            return owners;
        }

        @Override
        public synchronized Map<String, String> owners(String originalRequestId,
                                                       java.util.Collection<String> runSettingIds) {
            Map<String, String> claims = byOriginal.getOrDefault(originalRequestId, Map.of());
            Map<String, String> owners = new LinkedHashMap<>();
            runSettingIds.forEach(run -> {
                if (claims.containsKey(run)) {
                    owners.put(run, claims.get(run));
                }
            });
            return owners;
        }

        @Override
        public synchronized java.util.Set<String> claimedBy(String originalRequestId, String redriveRequestId) {
            java.util.Set<String> runs = new java.util.HashSet<>();
            byOriginal.getOrDefault(originalRequestId, Map.of()).forEach((run, owner) -> {
                if (owner.equals(redriveRequestId)) {
                    runs.add(run);
                }
            });
            return runs;
        }
    }
}
