package io.omicsdropzone.aws;

import io.omicsdropzone.domain.BatchProgress;
import io.omicsdropzone.domain.ContentIdentity;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.pipeline.PipelineFingerprint;
import io.omicsdropzone.domain.redrive.RedriveRepository;
import io.omicsdropzone.domain.submission.SubmitRepository;
import io.omicsdropzone.domain.tracking.TrackingRepository;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Both repository ports on one DynamoDB table through the enhanced client. Every write is a single-item conditional
 * write (no transactions), which is all the lease and the monotonic batch updates need.
 */
public final class DynamoDbDropRepository implements SubmitRepository, TrackingRepository, RedriveRepository {

    /** DynamoDB items are limited to 400 KB; a stored error line is cut well before that. */
    static final int MAX_ERROR_CHARS = 1_000;
    static final int MAX_ERRORS = 100;

    /** Reconciler pages through the open-batches index in pages of this size. */
    static final int OPEN_BATCHES_PAGE = 100;

    /** The batch status recorded when GetBatch answers ResourceNotFoundException for a batch we submitted. */
    public static final String NOT_FOUND = "NOT_FOUND";

    private final DynamoDbTable<DropItem> table;
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbDropRepository(DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, String tableName) {
        this.table = enhanced.table(tableName, DropItemSchema.SCHEMA);
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public DynamoDbTable<DropItem> table() {
        return table;
    }

    @Override
    public Claim claimRedrive(Drop draft, Instant now, Duration lease) {
        String owner = UUID.randomUUID().toString();
        DropItem.Builder fresh = leasedItem(draft.requestId(), DropStatus.SUBMITTING, draft.object(),
                draft.batchName(), draft.runCount(), owner, now, lease);
        if (draft.snapshot() != null) {
            fresh.snapshotUri(draft.snapshot().uri());
            fresh.snapshotEtag(draft.snapshot().etag());
        }
        fresh.status(draft.status().name());
        fresh.redriveOf(draft.redriveOf());
        routed(fresh, draft);
        return putNewOrClaim(fresh, draft.requestId(), now, lease, owner);
    }

    @Override
    public void addRedrive(Drop original, String redriveRequestId, Instant now) {
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName)
                    .key(Map.of("requestId", AttributeValue.fromS(original.requestId())))
                    .updateExpression("SET redrives = list_append(if_not_exists(redrives, :none), :id)")
                    .conditionExpression("attribute_exists(requestId) AND NOT contains(redrives, :one)")
                    .expressionAttributeValues(Map.of(
                            ":none", AttributeValue.fromL(List.of()),
                            ":id", AttributeValue.fromL(List.of(AttributeValue.fromS(redriveRequestId))),
                            ":one", AttributeValue.fromS(redriveRequestId))));
        } catch (ConditionalCheckFailedException alreadyListed) {
            // listed by an earlier run of the same re-drive
        }
    }

    @Override
    public void recordDuplicateUpload(Drop drop, String uploadId, Instant now) {
        // ADD to a string set: idempotent, and needs no lease (the drop is settled; only this set changes).
        dynamoDb.updateItem(b -> b.tableName(tableName)
                .key(Map.of("requestId", AttributeValue.fromS(drop.requestId())))
                .updateExpression("ADD duplicateUploads :id")
                .conditionExpression("attribute_exists(requestId)")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(uploadId)))));
    }

    @Override
    public Claim claimReupload(DroppedObject object, String requestId, String reuploadOf, String batchName,
                               Instant now, Duration lease) {
        String owner = UUID.randomUUID().toString();
        DropItem.Builder fresh = leasedItem(requestId, DropStatus.RECEIVED, object, batchName, 0L, owner, now, lease);
        fresh.reuploadOf(reuploadOf);
        return putNewOrClaim(fresh, requestId, now, lease, owner);
    }

    /**
     * The content item of (bucket, key, sha256): {@code content#<hex SHA-256 of s3://bucket/key>#<sha256>} in the same
     * table (no index, no second table, so no eventually consistent read decides anything). It carries no
     * {@code status}, {@code openDrop} or {@code openBatch}, so it is in none of the sparse indexes and
     * {@link #listAll} leaves it out.
     */
    static String contentItemId(String bucket, String key, String sha256) {
        String where = new DroppedObject(bucket, key, "", -1, null, null).requestId();
        return CONTENT_ITEM_PREFIX + where + "#" + sha256;
    }

    static final String CONTENT_ITEM_PREFIX = "content#";

    @Override
    public String claimContent(Drop drop, String sha256, Instant now) {
        String id = contentItemId(drop.object().bucket(), drop.object().key(), sha256);
        String stamp = FixedWidthInstantConverter.format(now);
        try {
            dynamoDb.putItem(b -> b.tableName(tableName)
                    .item(Map.of("requestId", AttributeValue.fromS(id),
                            "contentHolder", AttributeValue.fromS(drop.requestId()),
                            "contentSha256", AttributeValue.fromS(sha256),
                            "createdAt", AttributeValue.fromS(stamp),
                            "updatedAt", AttributeValue.fromS(stamp)))
                    .conditionExpression("attribute_not_exists(requestId)"));
            return drop.requestId();
        } catch (ConditionalCheckFailedException held) {
            // Held already: by this drop (an earlier attempt, or our own write whose answer was lost) or another.
            Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(tableName).consistentRead(true)
                    .key(Map.of("requestId", AttributeValue.fromS(id)))).item();
            return item.get("contentHolder").s();
        }
    }

    @Override
    public boolean takeOverContent(Drop drop, String sha256, String holder, Instant now) {
        String id = contentItemId(drop.object().bucket(), drop.object().key(), sha256);
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName)
                    .key(Map.of("requestId", AttributeValue.fromS(id)))
                    .updateExpression("SET contentHolder = :to, updatedAt = :now")
                    .conditionExpression("contentHolder = :from")
                    .expressionAttributeValues(Map.of(
                            ":to", AttributeValue.fromS(drop.requestId()),
                            ":from", AttributeValue.fromS(holder),
                            ":now", AttributeValue.fromS(FixedWidthInstantConverter.format(now)))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    @Override
    public Drop recordContent(Drop drop, String sha256, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        routed(change, drop); // the pipeline and its settings; null (not routed) is left as it is
        change.contentSha256(sha256);
        change.updatedAt(now);
        return toDrop(updateAsOwner(change.build(), drop));
    }

    @Override
    public Drop recordDuplicate(Drop drop, String sha256, String holder, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        routed(change, drop); // the pipeline and its settings; null (not routed) is left as it is
        change.status(DropStatus.DUPLICATE.name());
        change.contentSha256(sha256);
        change.duplicateOf(holder);
        change.updatedAt(now);
        return toDrop(updateAsOwner(change.build(), drop));
    }

    @Override
    public Claim claim(DroppedObject object, String batchName, Instant now, Duration lease) {
        String owner = UUID.randomUUID().toString();
        DropItem.Builder fresh = leasedItem(object.requestId(), DropStatus.RECEIVED, object, batchName, 0L, owner, now,
                lease);
        return putNewOrClaim(fresh, object.requestId(), now, lease, owner);
    }

    /** A new item, open and leased to {@code owner}: what a first claim writes. */
    private static DropItem.Builder leasedItem(String requestId, DropStatus status, DroppedObject object,
                                               String batchName, long runCount, String owner, Instant now,
                                               Duration lease) {
        DropItem.Builder fresh = DropItem.builder();
        fresh.requestId(requestId);
        fresh.status(status.name());
        fresh.bucket(object.bucket());
        fresh.key(object.key());
        fresh.etag(object.etag());
        fresh.size(object.size());
        fresh.versionId(object.versionId());
        fresh.sequencer(object.sequencer());
        fresh.batchName(batchName);
        fresh.runCount(runCount);
        fresh.errorCount(0L);
        fresh.attempts(0);
        fresh.leaseOwner(owner);
        fresh.leaseUntil(now.plus(lease));
        fresh.openDrop(DropItemSchema.OPEN);
        fresh.createdAt(now);
        fresh.updatedAt(now);
        return fresh;
    }

    /** Creates the item if no delivery did yet; otherwise takes over, waits for or reports the existing one. */
    private Claim putNewOrClaim(DropItem.Builder fresh, String requestId, Instant now, Duration lease, String owner) {
        DropItem item = fresh.build();
        try {
            table.putItem(PutItemEnhancedRequest.builder(DropItem.class).item(item)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(requestId)").build())
                    .build());
            return new Claimed(toDrop(item));
        } catch (ConditionalCheckFailedException alreadyThere) {
            return claimExisting(requestId, now, lease, owner);
        }
    }

    @Override
    public Claim claimExisting(String requestId, Instant now, Duration lease) {
        return claimExisting(requestId, now, lease, UUID.randomUUID().toString());
    }

    private Claim claimExisting(String requestId, Instant now, Duration lease, String owner) {
        Drop existing = find(requestId).orElseThrow(
                () -> new IllegalStateException("drop " + requestId + " vanished while being claimed"));
        if (owner.equals(existing.leaseOwner())) {
            return new Claimed(existing); // our own write: its answer was lost and the SDK's retry met our item
        }
        if (existing.settled()) {
            return new Settled(existing);
        }
        if (existing.leasedAt(now)) {
            return new Busy(existing);
        }
        DropItem.Builder takeover = keyOnly(existing.requestId());
        takeover.leaseOwner(owner);
        takeover.leaseUntil(now.plus(lease));
        takeover.updatedAt(now);
        try {
            // Two deliveries may see the same expired lease; only the first conditional write wins it.
            return new Claimed(toDrop(update(takeover.build(), Expression.builder()
                    .expression("leaseOwner = :previous")
                    .putExpressionValue(":previous", AttributeValue.fromS(existing.leaseOwner()))
                    .build())));
        } catch (ConditionalCheckFailedException lost) {
            Drop current = find(existing.requestId()).orElse(existing);
            return owner.equals(current.leaseOwner()) ? new Claimed(current) : new Busy(existing); // a lost answer, or a rival
        }
    }

    @Override
    public Optional<Drop> find(String requestId) {
        DropItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(requestId).build()).consistentRead(true).build());
        return Optional.ofNullable(item).map(DynamoDbDropRepository::toDrop);
    }

    @Override
    public Drop markSubmitting(Drop drop, long runCount, Snapshot snapshot, String parametersNotChecked,
                               Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        routed(change, drop);
        change.status(DropStatus.SUBMITTING.name());
        change.parametersNotChecked(parametersNotChecked);
        change.runCount(runCount);
        if (snapshot != null) {
            change.snapshotUri(snapshot.uri());
            change.snapshotEtag(snapshot.etag());
        }
        change.updatedAt(now);
        return toDrop(updateAsOwner(change.build(), drop));
    }

    @Override
    public Drop recordSubmitted(Drop drop, StartedBatch batch, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        routed(change, drop);
        change.status(DropStatus.SUBMITTED.name());
        change.batchId(batch.id());
        change.batchArn(batch.arn());
        change.batchStatus(batch.status());
        change.openBatch(DropItemSchema.OPEN);
        change.updatedAt(now);
        return toDrop(updateAsOwner(change.build(), drop));
    }

    @Override
    public Drop recordRejected(Drop drop, long runCount, List<String> errors, long errorCount, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        routed(change, drop);
        change.status(DropStatus.REJECTED.name());
        change.runCount(runCount);
        change.errors(bounded(errors));
        change.errorCount(errorCount);
        change.updatedAt(now);
        return toDrop(updateAsOwner(change.build(), drop));
    }

    @Override
    public Drop recordFailed(Drop drop, List<String> errors, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        routed(change, drop);
        change.status(DropStatus.FAILED.name());
        change.errors(bounded(errors));
        change.errorCount((long) errors.size());
        change.updatedAt(now);
        return toDrop(updateAsOwner(change.build(), drop));
    }

    @Override
    public void releaseAfterRetryableError(Drop drop, String error, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        change.attempts(drop.attempts() + 1);
        change.lastError(truncate(error));
        change.leaseUntil(Instant.EPOCH);
        change.updatedAt(now);
        updateAsOwner(change.build(), drop);
    }

    @Override
    public void markNotified(Drop drop, Instant now) {
        // Settled: leaving the sparse openDrops index needs a REMOVE, which the enhanced client cannot express.
        removeAsOwner(drop, "SET notifiedAt = :now, updatedAt = :now, leaseUntil = :epoch REMOVE openDrop", now);
    }

    @Override
    public void releaseCompletionNotice(Drop drop, String error, Instant now) {
        releaseAfterRetryableError(drop, error, now);
    }

    @Override
    public Drop recordBatchNotFound(Drop drop, String message, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        change.batchStatus(NOT_FOUND);
        change.failureReason(NOT_FOUND);
        change.failureMessage(truncate(message));
        change.updatedAt(now);
        return toDrop(updateAsOwner(change.build(), drop));
    }

    @Override
    public Drop recordPoll(Drop drop, String error, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        change.lastPolledAt(now);
        change.pollFailures(error == null ? 0 : drop.progress().pollFailures() + 1);
        change.lastPollError(truncate(error));
        return toDrop(update(change.build(), Expression.builder().expression("attribute_exists(requestId)").build()));
    }

    @Override
    public List<Drop> stuckDrops(Instant updatedBefore, int limit) {
        return first(limit, table.index(DropItemSchema.OPEN_DROPS).query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortLessThan(k -> k.partitionValue(DropItemSchema.OPEN)
                        .sortValue(FixedWidthInstantConverter.format(updatedBefore))))
                .limit(Math.min(limit, OPEN_BATCHES_PAGE)).build()));
    }

    /** The first {@code limit} drops of a paged query, reading no page more than needed. */
    private static List<Drop> first(int limit, Iterable<Page<DropItem>> pages) {
        List<Drop> drops = new java.util.ArrayList<>();
        for (Page<DropItem> page : pages) {
            for (DropItem item : page.items()) {
                drops.add(toDrop(item));
                if (drops.size() == limit) {
                    return drops;
                }
            }
        }
        return drops;
    }

    @Override
    public boolean markResumeRequested(Drop drop, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        change.resumeRequestedAt(now);
        change.updatedAt(now);
        try {
            update(change.build(), unchangedSince(drop).build());
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    @Override
    public Optional<Drop> takeOverStuck(Drop drop, Instant now, Duration lease) {
        return takeLease(drop, now, lease, unchangedSince(drop)
                .expression("updatedAt = :seen AND attribute_not_exists(notifiedAt)"
                        + " AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)"));
    }

    /** A new lease under {@code condition} (which may use {@code :now}); empty when the condition no longer holds. */
    private Optional<Drop> takeLease(Drop drop, Instant now, Duration lease, Expression.Builder condition) {
        DropItem change = keyOnly(drop.requestId()).leaseOwner(UUID.randomUUID().toString())
                .leaseUntil(now.plus(lease)).updatedAt(now).build();
        try {
            return Optional.of(toDrop(update(change, condition
                    .putExpressionValue(":now", AttributeValue.fromS(FixedWidthInstantConverter.format(now)))
                    .build())));
        } catch (ConditionalCheckFailedException changed) {
            return Optional.empty();
        }
    }

    @Override
    public Drop recordGaveUp(Drop drop, List<String> errors, Instant now) {
        return recordFailed(drop, errors, now);
    }

    /** Every write stamps updatedAt, so an unchanged stamp means nobody wrote the item since it was read. */
    private static Expression.Builder unchangedSince(Drop drop) {
        return Expression.builder().expression("updatedAt = :seen")
                .putExpressionValue(":seen", AttributeValue.fromS(FixedWidthInstantConverter.format(drop.updatedAt())));
    }

    private void removeAsOwner(Drop drop, String updateExpression, Instant now) {
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName)
                    .key(Map.of("requestId", AttributeValue.fromS(drop.requestId())))
                    .updateExpression(updateExpression)
                    .conditionExpression("leaseOwner = :owner")
                    .expressionAttributeValues(Map.of(
                            ":now", AttributeValue.fromS(FixedWidthInstantConverter.format(now)),
                            ":epoch", AttributeValue.fromS(FixedWidthInstantConverter.format(Instant.EPOCH)),
                            ":owner", AttributeValue.fromS(drop.leaseOwner()))));
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException(drop.requestId());
        }
    }

    @Override
    public Optional<Drop> findByBatchId(String batchId) {
        return table.index(DropItemSchema.BY_BATCH_ID)
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(batchId))).limit(1).build())
                .stream().flatMap(page -> page.items().stream()).findFirst()
                .flatMap(indexed -> find(indexed.requestId())); // the index is eventually consistent; the table is not
    }

    @Override
    public Optional<Drop> applyObservation(Drop drop, BatchObservation observation, Instant now) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>(drop.progress().counts());
        counts.putAll(observation.counts());
        DropItem.Builder change = keyOnly(drop.requestId());
        change.batchStatus(observation.status());
        change.batchStatusRank(observation.rank());
        change.batchObservedAt(observation.observedAt());
        change.counts(counts);
        change.failureReason(observation.failureReason());
        change.failureMessage(observation.failureMessage());
        change.updatedAt(now);
        try {
            // Monotonic: a later status, or the same status seen no earlier; duplicates and stragglers are refused.
            return Optional.of(toDrop(update(change.build(), Expression.builder()
                    .expression("attribute_exists(requestId) AND (attribute_not_exists(batchStatusRank)"
                            + " OR batchStatusRank < :rank OR (batchStatusRank = :rank AND"
                            + " (attribute_not_exists(batchObservedAt) OR batchObservedAt <= :observed)))")
                    .putExpressionValue(":rank", AttributeValue.fromN(Integer.toString(observation.rank())))
                    .putExpressionValue(":observed",
                            AttributeValue.fromS(FixedWidthInstantConverter.format(observation.observedAt())))
                    .build())));
        } catch (ConditionalCheckFailedException stale) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Drop> claimCompletionNotice(Drop drop, Instant now, Duration lease) {
        return takeLease(drop, now, lease, Expression.builder().expression("attribute_not_exists(completionNotifiedAt)"
                + " AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)"));
    }

    @Override
    public void markCompletionNotified(Drop drop, Instant now) {
        removeAsOwner(drop, "SET completionNotifiedAt = :now, updatedAt = :now, leaseUntil = :epoch REMOVE openBatch", now);
    }

    @Override
    public List<Drop> openBatches(Instant observedBefore, int limit) {
        return first(limit, table.index(DropItemSchema.OPEN_BATCHES).query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(DropItemSchema.OPEN)))
                .filterExpression(Expression.builder()
                        .expression("(attribute_not_exists(batchObservedAt) OR batchObservedAt < :before)"
                                + " AND (attribute_not_exists(lastPolledAt) OR lastPolledAt < :before)")
                        .putExpressionValue(":before", AttributeValue.fromS(FixedWidthInstantConverter.format(observedBefore)))
                        .build())
                .limit(OPEN_BATCHES_PAGE).build()));
    }

    @Override
    public void recordCancelRequested(Drop drop, Instant now) {
        DropItem.Builder change = keyOnly(drop.requestId());
        change.cancelRequestedAt(now);
        change.updatedAt(now);
        update(change.build(), Expression.builder().expression("attribute_exists(requestId)").build());
    }

    @Override
    public List<Drop> listAll() {
        // Re-drive claim items (RunClaims) and content items share the table and have no status: not drops.
        return table.scan(b -> b.filterExpression(Expression.builder().expression("attribute_exists(#status)")
                        .putExpressionName("#status", "status").build()))
                .items().stream().map(DynamoDbDropRepository::toDrop).toList();
    }

    @Override
    public Optional<Drop> takeOverFailed(Drop drop, Instant now, Duration lease) {
        return takeLease(drop, now, lease, Expression.builder().expression("#status = :failed"
                        + " AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)")
                .putExpressionName("#status", "status")
                .putExpressionValue(":failed", AttributeValue.fromS(DropStatus.FAILED.name())));
    }

    @Override
    public Drop recordBatchFound(Drop drop, StartedBatch batch, String supersedes, Instant now) {
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        values.put(":submitted", AttributeValue.fromS(DropStatus.SUBMITTED.name()));
        values.put(":id", AttributeValue.fromS(batch.id()));
        values.put(":arn", AttributeValue.fromS(batch.arn()));
        values.put(":batchStatus", AttributeValue.fromS(batch.status()));
        values.put(":open", AttributeValue.fromS(DropItemSchema.OPEN));
        values.put(":now", AttributeValue.fromS(FixedWidthInstantConverter.format(now)));
        values.put(":owner", AttributeValue.fromS(drop.leaseOwner()));
        String set = "SET #status = :submitted, batchId = :id, batchArn = :arn, batchStatus = :batchStatus,"
                + " openBatch = :open, openDrop = :open, updatedAt = :now";
        if (supersedes != null) {
            values.put(":supersedes", AttributeValue.fromS(supersedes));
            set += ", supersedes = :supersedes";
        }
        String update = set + " REMOVE notifiedAt"; // announced again, as BatchSubmitted: back in the open drops
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName)
                    .key(Map.of("requestId", AttributeValue.fromS(drop.requestId())))
                    .updateExpression(update)
                    .conditionExpression("leaseOwner = :owner")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException(drop.requestId());
        }
        return find(drop.requestId()).orElseThrow();
    }

    private DropItem updateAsOwner(DropItem change, Drop owner) {
        try {
            return update(change, Expression.builder()
                    .expression("leaseOwner = :owner")
                    .putExpressionValue(":owner", AttributeValue.fromS(owner.leaseOwner()))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException(owner.requestId());
        }
    }

    private DropItem update(DropItem change, Expression condition) {
        return table.updateItem(UpdateItemEnhancedRequest.builder(DropItem.class)
                .item(change).ignoreNulls(true).conditionExpression(condition).build());
    }

    /** The pipeline and its settings, when known (null leaves what is stored). */
    private static void routed(DropItem.Builder change, Drop drop) {
        change.pipeline(drop.pipeline());
        if (drop.ranWith() != null) {
            change.workflowId(drop.ranWith().workflowId());
            change.runSettingDigest(drop.ranWith().digest());
        }
    }

    private static DropItem.Builder keyOnly(String requestId) {
        return DropItem.builder().requestId(requestId);
    }

    private static List<String> bounded(List<String> errors) {
        return errors.stream().limit(MAX_ERRORS).map(DynamoDbDropRepository::truncate).toList();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }

    static Drop toDrop(DropItem item) {
        DroppedObject object = new DroppedObject(item.bucket(), item.key(), item.etag(),
                orZero(item.size()), item.versionId(), item.sequencer());
        BatchProgress progress = new BatchProgress(item.counts() == null ? Map.of() : item.counts(),
                item.failureReason(), item.failureMessage(), item.batchObservedAt(),
                item.completionNotifiedAt(), item.lastPolledAt(),
                item.pollFailures() == null ? 0 : item.pollFailures(), item.lastPollError());
        String snapshotKey = Snapshot.keyOf(item.snapshotUri(), item.bucket());
        Snapshot snapshot = snapshotKey == null || item.snapshotEtag() == null ? null
                : new Snapshot(item.bucket(), snapshotKey, item.snapshotEtag());
        return new Drop(item.requestId(), DropStatus.valueOf(item.status()), object, item.batchName(),
                orZero(item.runCount()), item.batchId(), item.batchArn(), item.batchStatus(),
                item.errors(), orZero(item.errorCount()),
                item.attempts() == null ? 0 : item.attempts(), item.lastError(), item.leaseOwner(),
                item.leaseUntil(), item.createdAt(), item.updatedAt(), item.notifiedAt(), progress,
                item.parametersNotChecked(), snapshot, item.redriveOf(), item.redrives(), item.duplicateUploads(),
                item.pipeline(), new ContentIdentity(item.contentSha256(), item.duplicateOf(), item.reuploadOf()),
                item.supersedes(), item.runSettingDigest() == null ? null
                : new PipelineFingerprint(item.workflowId(), item.runSettingDigest()));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
