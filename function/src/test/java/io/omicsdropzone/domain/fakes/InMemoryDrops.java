package io.omicsdropzone.domain.fakes;

import io.omicsdropzone.domain.BatchProgress;
import io.omicsdropzone.domain.ContentIdentity;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.submission.SubmitRepository;
import io.omicsdropzone.domain.tracking.TrackingRepository;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Both repository ports in memory, with the same conditions the DynamoDB implementation writes (lease owner,
 * monotonic observations, unchanged-since stamps, sparse indexes), so domain tests run in milliseconds. Instants are
 * kept at millisecond precision, as the table stores them. Faults: {@link #failNext(String, RuntimeException)} makes
 * the next call of a method throw before it changes anything.
 */
public final class InMemoryDrops implements SubmitRepository, TrackingRepository,
        io.omicsdropzone.domain.redrive.RedriveRepository {

    private final Map<String, Stored> items = new LinkedHashMap<>();
    private final Map<String, Deque<RuntimeException>> faults = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();

    /** The mutable row behind a {@link Drop}: the drop plus the index attributes DynamoDB keeps beside it. */
    private static final class Stored {
        Drop drop;
        boolean openDrop;
        boolean openBatch;
        /** batchStatusRank: written by observations only, as in the table. */
        Integer statusRank;
    }

    public synchronized void failNext(String method, RuntimeException failure) {
        faults.computeIfAbsent(method, m -> new ArrayDeque<>()).add(failure);
    }

    public synchronized int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    public synchronized Drop get(String requestId) {
        return items.get(requestId).drop;
    }

    public synchronized boolean inOpenDrops(String requestId) {
        return items.get(requestId).openDrop;
    }

    /** Writes a drop as another invocation would have left it (tests set up crashed or foreign states). */
    public synchronized void put(Drop drop, boolean openDrop, boolean openBatch) {
        Stored stored = new Stored();
        stored.drop = drop;
        stored.openDrop = openDrop;
        stored.openBatch = openBatch;
        items.put(drop.requestId(), stored);
    }

    /** Changes a stored drop in place, as a concurrent writer would. */
    public synchronized void update(String requestId, UnaryOperator<Drop> change) {
        items.get(requestId).drop = change.apply(items.get(requestId).drop);
    }

    private void enter(String method) {
        calls.merge(method, 1, Integer::sum);
        Deque<RuntimeException> queue = faults.get(method);
        if (queue != null && !queue.isEmpty()) {
            throw queue.poll();
        }
    }

    private static Instant ms(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- submit port ----------------------------------------------------------------------------------------------

    @Override
    public synchronized Claim claim(DroppedObject object, String batchName, Instant now, Duration lease) {
        enter("claim");
        String owner = UUID.randomUUID().toString();
        Stored existing = items.get(object.requestId());
        if (existing == null) {
            Drop fresh = new Drop(object.requestId(), DropStatus.RECEIVED, object, batchName, 0, null, null, null,
                    List.of(), 0, 0, null, owner, ms(now.plus(lease)), ms(now), ms(now), null, BatchProgress.NONE);
            put(fresh, true, false);
            return new Claimed(fresh);
        }
        Drop drop = existing.drop;
        if (drop.settled()) {
            return new Settled(drop);
        }
        if (drop.leasedAt(now)) {
            return new Busy(drop);
        }
        existing.drop = with(drop, b -> b.leaseOwner = owner, b -> b.leaseUntil = ms(now.plus(lease)),
                b -> b.updatedAt = ms(now));
        return new Claimed(existing.drop);
    }

    @Override
    public synchronized Claim claimReupload(DroppedObject object, String requestId, String reuploadOf,
                                            String batchName, Instant now, Duration lease) {
        enter("claimReupload");
        if (!items.containsKey(requestId)) {
            Drop fresh = new Drop(requestId, DropStatus.RECEIVED, object, batchName, 0, null, null, null,
                    List.of(), 0, 0, null, UUID.randomUUID().toString(), ms(now.plus(lease)), ms(now), ms(now), null,
                    BatchProgress.NONE, null, null, null, null, null, null,
                    new ContentIdentity(null, null, reuploadOf), null, null);
            put(fresh, true, false);
            return new Claimed(fresh);
        }
        return takeLease(requestId, now, lease);
    }

    /** Content items: (bucket, key, sha256) → the requestId holding it, as the table's conditional put keeps them. */
    private final Map<String, String> contentHolders = new HashMap<>();

    public synchronized Map<String, String> contentHolders() {
        return Map.copyOf(contentHolders);
    }

    @Override
    public synchronized String claimContent(Drop drop, String sha256, Instant now) {
        enter("claimContent");
        return contentHolders.computeIfAbsent(drop.object().bucket() + "/" + drop.object().key() + "#" + sha256,
                k -> drop.requestId());
    }

    @Override
    public synchronized boolean takeOverContent(Drop drop, String sha256, String holder, Instant now) {
        enter("takeOverContent");
        String id = drop.object().bucket() + "/" + drop.object().key() + "#" + sha256;
        return contentHolders.replace(id, holder, drop.requestId());
    }

    @Override
    public synchronized Drop recordContent(Drop drop, String sha256, Instant now) {
        return asOwner("recordContent", drop, b -> b.content = b.content.withSha256(sha256), routedTo(drop),
                b -> b.updatedAt = ms(now));
    }

    @Override
    public synchronized Drop recordDuplicate(Drop drop, String sha256, String holder, Instant now) {
        return asOwner("recordDuplicate", drop, b -> b.status = DropStatus.DUPLICATE,
                b -> b.content = b.content.withSha256(sha256).withDuplicateOf(holder), routedTo(drop),
                b -> b.updatedAt = ms(now));
    }

    @Override
    public synchronized Optional<Drop> find(String requestId) {
        enter("find");
        Stored stored = items.get(requestId);
        return Optional.ofNullable(stored == null ? null : stored.drop);
    }

    @Override
    public synchronized Drop markSubmitting(Drop drop, long runCount, Snapshot snapshot, String parametersNotChecked,
                                            Instant now) {
        return asOwner("markSubmitting", drop, b -> b.status = DropStatus.SUBMITTING, b -> b.runCount = runCount,
                b -> b.snapshot = snapshot, b -> b.parametersNotChecked = parametersNotChecked, routedTo(drop),
                b -> b.updatedAt = ms(now));
    }

    @Override
    public synchronized void recordDuplicateUpload(Drop drop, String uploadId, Instant now) {
        enter("recordDuplicateUpload");
        Stored stored = items.get(drop.requestId());
        stored.drop = with(stored.drop, b -> b.duplicateUploads.add(uploadId));
    }

    @Override
    public synchronized Drop recordSubmitted(Drop drop, StartedBatch batch, Instant now) {
        Drop updated = asOwner("recordSubmitted", drop, b -> b.status = DropStatus.SUBMITTED, b -> b.batchId = batch.id(),
                b -> b.batchArn = batch.arn(), b -> b.batchStatus = batch.status(), routedTo(drop),
                b -> b.updatedAt = ms(now));
        items.get(drop.requestId()).openBatch = true;
        return updated;
    }

    @Override
    public synchronized Drop recordRejected(Drop drop, long runCount, List<String> errors, long errorCount, Instant now) {
        return asOwner("recordRejected", drop, b -> b.status = DropStatus.REJECTED, b -> b.runCount = runCount,
                b -> b.errors = errors, b -> b.errorCount = errorCount, routedTo(drop), b -> b.updatedAt = ms(now));
    }

    @Override
    public synchronized Drop recordFailed(Drop drop, List<String> errors, Instant now) {
        return asOwner("recordFailed", drop, b -> b.status = DropStatus.FAILED, b -> b.errors = errors,
                b -> b.errorCount = errors.size(), routedTo(drop), b -> b.updatedAt = ms(now));
    }

    /** As the DynamoDB repository: the pipeline the drop was routed to is recorded; null leaves it as it is. */
    private static java.util.function.Consumer<Builder> routedTo(Drop drop) {
        return b -> {
            if (drop.pipeline() != null) {
                b.pipeline = drop.pipeline();
            }
            if (drop.ranWith() != null) {
                b.ranWith = drop.ranWith();
            }
        };
    }

    /** The stored drop: settled and busy ones as they are, otherwise leased to a new owner. */
    private Claim takeLease(String requestId, Instant now, Duration lease) {
        Stored existing = items.get(requestId);
        Drop drop = existing.drop;
        if (drop.settled()) {
            return new Settled(drop);
        }
        if (drop.leasedAt(now)) {
            return new Busy(drop);
        }
        String owner = UUID.randomUUID().toString();
        existing.drop = with(drop, b -> b.leaseOwner = owner, b -> b.leaseUntil = ms(now.plus(lease)),
                b -> b.updatedAt = ms(now));
        return new Claimed(existing.drop);
    }

    @Override
    public synchronized Claim claimExisting(String requestId, Instant now, Duration lease) {
        enter("claimExisting");
        return takeLease(requestId, now, lease);
    }

    @Override
    public synchronized Claim claimRedrive(Drop draft, Instant now, Duration lease) {
        enter("claimRedrive");
        if (!items.containsKey(draft.requestId())) {
            String owner = UUID.randomUUID().toString();
            Drop fresh = with(draft, b -> b.leaseOwner = owner, b -> b.leaseUntil = ms(now.plus(lease)),
                    b -> b.updatedAt = ms(now));
            put(fresh, true, false);
            return new Claimed(fresh);
        }
        return claimExisting(draft.requestId(), now, lease);
    }

    @Override
    public synchronized void addRedrive(Drop original, String redriveRequestId, Instant now) {
        Stored stored = items.get(original.requestId());
        if (!stored.drop.redrives().contains(redriveRequestId)) {
            List<String> redrives = new ArrayList<>(stored.drop.redrives());
            redrives.add(redriveRequestId);
            stored.drop = with(stored.drop, b -> b.redrives = redrives);
        }
    }

    @Override
    public synchronized Optional<Drop> takeOverFailed(Drop drop, Instant now, Duration lease) {
        enter("takeOverFailed");
        Stored stored = items.get(drop.requestId());
        if (stored.drop.status() != DropStatus.FAILED || stored.drop.leasedAt(now)) {
            return Optional.empty();
        }
        String owner = UUID.randomUUID().toString();
        stored.drop = with(stored.drop, b -> b.leaseOwner = owner, b -> b.leaseUntil = ms(now.plus(lease)),
                b -> b.updatedAt = ms(now));
        return Optional.of(stored.drop);
    }

    @Override
    public synchronized Drop recordBatchFound(Drop drop, StartedBatch batch, String supersedes, Instant now) {
        Drop updated = asOwner("recordBatchFound", drop, b -> b.status = DropStatus.SUBMITTED,
                b -> b.batchId = batch.id(), b -> b.batchArn = batch.arn(), b -> b.batchStatus = batch.status(),
                b -> b.supersedes = supersedes, b -> b.notifiedAt = null, b -> b.updatedAt = ms(now));
        items.get(drop.requestId()).openBatch = true;
        items.get(drop.requestId()).openDrop = true;
        return updated;
    }

    @Override
    public synchronized void releaseAfterRetryableError(Drop drop, String error, Instant now) {
        asOwner("releaseAfterRetryableError", drop, b -> b.attempts = drop.attempts() + 1, b -> b.lastError = error,
                b -> b.leaseUntil = Instant.EPOCH, b -> b.updatedAt = ms(now));
    }

    @Override
    public synchronized void markNotified(Drop drop, Instant now) {
        asOwner("markNotified", drop, b -> b.notifiedAt = ms(now), b -> b.leaseUntil = Instant.EPOCH,
                b -> b.updatedAt = ms(now));
        items.get(drop.requestId()).openDrop = false;
    }

    // ---- tracking port --------------------------------------------------------------------------------------------

    @Override
    public synchronized Optional<Drop> findByBatchId(String batchId) {
        enter("findByBatchId");
        return items.values().stream().map(s -> s.drop).filter(d -> batchId.equals(d.batchId())).findFirst();
    }

    @Override
    public synchronized Optional<Drop> applyObservation(Drop drop, BatchObservation observation, Instant now) {
        enter("applyObservation");
        Stored stored = items.get(drop.requestId());
        Drop current = stored.drop;
        Instant seen = current.progress().observedAt();
        boolean forward = stored.statusRank == null || stored.statusRank < observation.rank()
                || stored.statusRank == observation.rank()
                && (seen == null || !seen.isAfter(ms(observation.observedAt())));
        if (!forward) {
            return Optional.empty();
        }
        stored.statusRank = observation.rank();
        Map<String, Long> counts = new LinkedHashMap<>(current.progress().counts());
        counts.putAll(observation.counts());
        BatchProgress p = current.progress();
        stored.drop = with(current, b -> b.batchStatus = observation.status(), b -> b.updatedAt = ms(now),
                b -> b.progress = new BatchProgress(counts, observation.failureReason(), observation.failureMessage(),
                        ms(observation.observedAt()), p.completionNotifiedAt(), p.lastPolledAt(), p.pollFailures(),
                        p.lastPollError()));
        return Optional.of(stored.drop);
    }

    @Override
    public synchronized Optional<Drop> claimCompletionNotice(Drop drop, Instant now, Duration lease) {
        enter("claimCompletionNotice");
        Stored stored = items.get(drop.requestId());
        Drop current = stored.drop;
        if (current.progress().completionNotifiedAt() != null || current.leasedAt(now)) {
            return Optional.empty();
        }
        String owner = UUID.randomUUID().toString();
        stored.drop = with(current, b -> b.leaseOwner = owner, b -> b.leaseUntil = ms(now.plus(lease)),
                b -> b.updatedAt = ms(now));
        return Optional.of(stored.drop);
    }

    @Override
    public synchronized Drop recordBatchNotFound(Drop drop, String message, Instant now) {
        BatchProgress p = drop.progress();
        return asOwner("recordBatchNotFound", drop, b -> b.batchStatus = "NOT_FOUND", b -> b.updatedAt = ms(now),
                b -> b.progress = new BatchProgress(p.counts(), "NOT_FOUND", message, p.observedAt(),
                        p.completionNotifiedAt(), p.lastPolledAt(), p.pollFailures(), p.lastPollError()));
    }

    @Override
    public synchronized void markCompletionNotified(Drop drop, Instant now) {
        BatchProgress p = items.get(drop.requestId()).drop.progress();
        asOwner("markCompletionNotified", drop, b -> b.leaseUntil = Instant.EPOCH, b -> b.updatedAt = ms(now),
                b -> b.progress = new BatchProgress(p.counts(), p.failureReason(), p.failureMessage(), p.observedAt(),
                        ms(now), p.lastPolledAt(), p.pollFailures(), p.lastPollError()));
        items.get(drop.requestId()).openBatch = false;
    }

    @Override
    public synchronized void releaseCompletionNotice(Drop drop, String error, Instant now) {
        asOwner("releaseCompletionNotice", drop, b -> b.attempts = drop.attempts() + 1, b -> b.lastError = error,
                b -> b.leaseUntil = Instant.EPOCH, b -> b.updatedAt = ms(now));
    }

    @Override
    public synchronized List<Drop> openBatches(Instant quietBefore, int limit) {
        enter("openBatches");
        return items.values().stream().filter(s -> s.openBatch).map(s -> s.drop)
                .filter(d -> d.progress().observedAt() == null || d.progress().observedAt().isBefore(quietBefore))
                .filter(d -> d.progress().lastPolledAt() == null || d.progress().lastPolledAt().isBefore(quietBefore))
                .sorted(Comparator.comparing(Drop::createdAt)).limit(limit).toList();
    }

    @Override
    public synchronized Drop recordPoll(Drop drop, String error, Instant now) {
        enter("recordPoll");
        Stored stored = items.get(drop.requestId());
        BatchProgress p = stored.drop.progress();
        stored.drop = with(stored.drop, b -> b.progress = new BatchProgress(p.counts(), p.failureReason(),
                p.failureMessage(), p.observedAt(), p.completionNotifiedAt(), ms(now),
                error == null ? 0 : drop.progress().pollFailures() + 1, error == null ? p.lastPollError() : error));
        return stored.drop;
    }

    @Override
    public synchronized List<Drop> stuckDrops(Instant updatedBefore, int limit) {
        enter("stuckDrops");
        return items.values().stream().filter(s -> s.openDrop).map(s -> s.drop)
                .filter(d -> d.updatedAt().isBefore(updatedBefore))
                .sorted(Comparator.comparing(Drop::updatedAt)).limit(limit).toList();
    }

    @Override
    public synchronized boolean markResumeRequested(Drop drop, Instant now) {
        enter("markResumeRequested");
        Stored stored = items.get(drop.requestId());
        if (!stored.drop.updatedAt().equals(drop.updatedAt())) {
            return false;
        }
        stored.drop = with(stored.drop, b -> b.updatedAt = ms(now));
        return true;
    }

    @Override
    public synchronized Optional<Drop> takeOverStuck(Drop drop, Instant now, Duration lease) {
        enter("takeOverStuck");
        Stored stored = items.get(drop.requestId());
        Drop current = stored.drop;
        if (!current.updatedAt().equals(drop.updatedAt()) || current.notifiedAt() != null || current.leasedAt(now)) {
            return Optional.empty();
        }
        String owner = UUID.randomUUID().toString();
        stored.drop = with(current, b -> b.leaseOwner = owner, b -> b.leaseUntil = ms(now.plus(lease)),
                b -> b.updatedAt = ms(now));
        return Optional.of(stored.drop);
    }

    @Override
    public synchronized Drop recordGaveUp(Drop drop, List<String> errors, Instant now) {
        return asOwner("recordGaveUp", drop, b -> b.status = DropStatus.FAILED, b -> b.errors = errors,
                b -> b.errorCount = errors.size(), b -> b.updatedAt = ms(now));
    }

    @Override
    public synchronized void recordCancelRequested(Drop drop, Instant now) {
        enter("recordCancelRequested");
    }

    @Override
    public synchronized List<Drop> listAll() {
        return items.values().stream().map(s -> s.drop).toList();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    @SafeVarargs
    private Drop asOwner(String method, Drop owner, java.util.function.Consumer<Builder>... changes) {
        enter(method);
        Stored stored = items.get(owner.requestId());
        if (stored == null || !java.util.Objects.equals(stored.drop.leaseOwner(), owner.leaseOwner())) {
            throw new LeaseLostException(owner.requestId());
        }
        stored.drop = with(stored.drop, changes);
        return stored.drop;
    }

    @SafeVarargs
    private static Drop with(Drop drop, java.util.function.Consumer<Builder>... changes) {
        Builder b = new Builder(drop);
        for (var change : changes) {
            change.accept(b);
        }
        return b.build();
    }

    /** A copy-and-change helper for the immutable {@link Drop}. */
    private static final class Builder {
        DropStatus status;
        long runCount;
        String batchId;
        String batchArn;
        String batchStatus;
        List<String> errors;
        long errorCount;
        int attempts;
        String lastError;
        String leaseOwner;
        Instant leaseUntil;
        Instant updatedAt;
        Instant notifiedAt;
        BatchProgress progress;
        String parametersNotChecked;
        Snapshot snapshot;
        java.util.Set<String> duplicateUploads;
        String pipeline;
        String supersedes;
        io.omicsdropzone.domain.pipeline.PipelineFingerprint ranWith;
        List<String> redrives;
        ContentIdentity content;
        private final Drop from;

        Builder(Drop d) {
            from = d;
            status = d.status();
            runCount = d.runCount();
            batchId = d.batchId();
            batchArn = d.batchArn();
            batchStatus = d.batchStatus();
            errors = new ArrayList<>(d.errors());
            errorCount = d.errorCount();
            attempts = d.attempts();
            lastError = d.lastError();
            leaseOwner = d.leaseOwner();
            leaseUntil = d.leaseUntil();
            updatedAt = d.updatedAt();
            notifiedAt = d.notifiedAt();
            progress = d.progress();
            parametersNotChecked = d.parametersNotChecked();
            snapshot = d.snapshot();
            duplicateUploads = new java.util.HashSet<>(d.duplicateUploads());
            pipeline = d.pipeline();
            supersedes = d.supersedes();
            ranWith = d.ranWith();
            redrives = d.redrives();
            content = d.content();
        }

        Drop build() {
            return new Drop(from.requestId(), status, from.object(), from.batchName(), runCount, batchId, batchArn,
                    batchStatus, errors, errorCount, attempts, lastError, leaseOwner, leaseUntil, from.createdAt(),
                    updatedAt, notifiedAt, progress, parametersNotChecked, snapshot, from.redriveOf(), redrives,
                    duplicateUploads, pipeline, content, supersedes, ranWith);
        }
    }
}
