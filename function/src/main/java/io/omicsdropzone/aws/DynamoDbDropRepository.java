package io.omicsdropzone.aws;

import io.omicsdropzone.domain.BatchObservation;
import io.omicsdropzone.domain.BatchProgress;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.StartedBatch;
import io.omicsdropzone.domain.SubmitRepository;
import io.omicsdropzone.domain.TrackingRepository;
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
public final class DynamoDbDropRepository implements SubmitRepository, TrackingRepository {

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
    public Claim claim(DroppedObject object, String batchName, Instant now, Duration lease) {
        String owner = UUID.randomUUID().toString();
        DropItem fresh = new DropItem();
        fresh.setRequestId(object.requestId());
        fresh.setStatus(DropStatus.RECEIVED.name());
        fresh.setBucket(object.bucket());
        fresh.setKey(object.key());
        fresh.setEtag(object.etag());
        fresh.setSize(object.size());
        fresh.setVersionId(object.versionId());
        fresh.setSequencer(object.sequencer());
        fresh.setBatchName(batchName);
        fresh.setRunCount(0L);
        fresh.setErrorCount(0L);
        fresh.setAttempts(0);
        fresh.setLeaseOwner(owner);
        fresh.setLeaseUntil(now.plus(lease));
        fresh.setOpenDrop(DropItemSchema.OPEN);
        fresh.setCreatedAt(now);
        fresh.setUpdatedAt(now);
        try {
            table.putItem(PutItemEnhancedRequest.builder(DropItem.class).item(fresh)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(requestId)").build())
                    .build());
            return new Claimed(toDrop(fresh));
        } catch (ConditionalCheckFailedException alreadyThere) {
            return claimExisting(object, now, lease, owner);
        }
    }

    private Claim claimExisting(DroppedObject object, Instant now, Duration lease, String owner) {
        Drop existing = find(object.requestId()).orElseThrow(
                () -> new IllegalStateException("drop " + object.requestId() + " vanished while being claimed"));
        if (existing.settled()) {
            return new Settled(existing);
        }
        if (existing.leasedAt(now)) {
            return new Busy(existing);
        }
        DropItem takeover = keyOnly(existing.requestId());
        takeover.setLeaseOwner(owner);
        takeover.setLeaseUntil(now.plus(lease));
        takeover.setUpdatedAt(now);
        try {
            // Two deliveries may see the same expired lease; only the first conditional write wins it.
            return new Claimed(toDrop(update(takeover, Expression.builder()
                    .expression("leaseOwner = :previous")
                    .putExpressionValue(":previous", AttributeValue.fromS(existing.leaseOwner()))
                    .build())));
        } catch (ConditionalCheckFailedException lost) {
            return new Busy(existing);
        }
    }

    @Override
    public Optional<Drop> find(String requestId) {
        DropItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(requestId).build()).consistentRead(true).build());
        return Optional.ofNullable(item).map(DynamoDbDropRepository::toDrop);
    }

    @Override
    public Drop markSubmitting(Drop drop, long runCount, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setStatus(DropStatus.SUBMITTING.name());
        change.setRunCount(runCount);
        change.setUpdatedAt(now);
        return toDrop(updateAsOwner(change, drop));
    }

    @Override
    public Drop recordSubmitted(Drop drop, StartedBatch batch, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setStatus(DropStatus.SUBMITTED.name());
        change.setBatchId(batch.id());
        change.setBatchArn(batch.arn());
        change.setBatchStatus(batch.status());
        change.setOpenBatch(DropItemSchema.OPEN);
        change.setUpdatedAt(now);
        return toDrop(updateAsOwner(change, drop));
    }

    @Override
    public Drop recordRejected(Drop drop, long runCount, List<String> errors, long errorCount, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setStatus(DropStatus.REJECTED.name());
        change.setRunCount(runCount);
        change.setErrors(bounded(errors));
        change.setErrorCount(errorCount);
        change.setUpdatedAt(now);
        return toDrop(updateAsOwner(change, drop));
    }

    @Override
    public Drop recordFailed(Drop drop, List<String> errors, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setStatus(DropStatus.FAILED.name());
        change.setErrors(bounded(errors));
        change.setErrorCount((long) errors.size());
        change.setUpdatedAt(now);
        return toDrop(updateAsOwner(change, drop));
    }

    @Override
    public void releaseAfterRetryableError(Drop drop, String error, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setAttempts(drop.attempts() + 1);
        change.setLastError(truncate(error));
        change.setLeaseUntil(Instant.EPOCH);
        change.setUpdatedAt(now);
        updateAsOwner(change, drop);
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
        DropItem change = keyOnly(drop.requestId());
        change.setBatchStatus(NOT_FOUND);
        change.setFailureReason(NOT_FOUND);
        change.setFailureMessage(truncate(message));
        change.setUpdatedAt(now);
        return toDrop(updateAsOwner(change, drop));
    }

    @Override
    public Drop recordPoll(Drop drop, String error, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setLastPolledAt(now);
        change.setPollFailures(error == null ? 0 : drop.progress().pollFailures() + 1);
        change.setLastPollError(truncate(error));
        return toDrop(update(change, Expression.builder().expression("attribute_exists(requestId)").build()));
    }

    @Override
    public List<Drop> stuckDrops(Instant updatedBefore, int limit) {
        List<Drop> stuck = new java.util.ArrayList<>();
        for (Page<DropItem> page : table.index(DropItemSchema.OPEN_DROPS).query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortLessThan(k -> k.partitionValue(DropItemSchema.OPEN)
                        .sortValue(FixedWidthInstantConverter.format(updatedBefore))))
                .limit(Math.min(limit, OPEN_BATCHES_PAGE)).build())) {
            for (DropItem item : page.items()) {
                stuck.add(toDrop(item));
                if (stuck.size() == limit) {
                    return stuck;
                }
            }
        }
        return stuck;
    }

    @Override
    public boolean markResumeRequested(Drop drop, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setResumeRequestedAt(now);
        change.setUpdatedAt(now);
        try {
            update(change, unchangedSince(drop).build());
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    @Override
    public Optional<Drop> takeOverStuck(Drop drop, Instant now, Duration lease) {
        DropItem change = keyOnly(drop.requestId());
        change.setLeaseOwner(UUID.randomUUID().toString());
        change.setLeaseUntil(now.plus(lease));
        change.setUpdatedAt(now);
        try {
            return Optional.of(toDrop(update(change, unchangedSince(drop)
                    .expression("updatedAt = :seen AND attribute_not_exists(notifiedAt)"
                            + " AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)")
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
                .flatMap(indexed -> find(indexed.getRequestId())); // the index is eventually consistent; the table is not
    }

    @Override
    public Optional<Drop> applyObservation(Drop drop, BatchObservation observation, Instant now) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>(drop.progress().counts());
        counts.putAll(observation.counts());
        DropItem change = keyOnly(drop.requestId());
        change.setBatchStatus(observation.status());
        change.setBatchStatusRank(observation.rank());
        change.setBatchObservedAt(observation.observedAt());
        change.setCounts(counts);
        change.setFailureReason(observation.failureReason());
        change.setFailureMessage(observation.failureMessage());
        change.setUpdatedAt(now);
        try {
            // Monotonic: a later status, or the same status seen no earlier; duplicates and stragglers are refused.
            return Optional.of(toDrop(update(change, Expression.builder()
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
        DropItem change = keyOnly(drop.requestId());
        change.setLeaseOwner(UUID.randomUUID().toString());
        change.setLeaseUntil(now.plus(lease));
        change.setUpdatedAt(now);
        try {
            return Optional.of(toDrop(update(change, Expression.builder()
                    .expression("attribute_not_exists(completionNotifiedAt)"
                            + " AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)")
                    .putExpressionValue(":now", AttributeValue.fromS(FixedWidthInstantConverter.format(now)))
                    .build())));
        } catch (ConditionalCheckFailedException announcedOrBusy) {
            return Optional.empty();
        }
    }

    @Override
    public void markCompletionNotified(Drop drop, Instant now) {
        removeAsOwner(drop, "SET completionNotifiedAt = :now, updatedAt = :now, leaseUntil = :epoch REMOVE openBatch", now);
    }

    @Override
    public List<Drop> openBatches(Instant observedBefore, int limit) {
        List<Drop> open = new java.util.ArrayList<>();
        for (Page<DropItem> page : table.index(DropItemSchema.OPEN_BATCHES).query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(DropItemSchema.OPEN)))
                .filterExpression(Expression.builder()
                        .expression("(attribute_not_exists(batchObservedAt) OR batchObservedAt < :before)"
                                + " AND (attribute_not_exists(lastPolledAt) OR lastPolledAt < :before)")
                        .putExpressionValue(":before", AttributeValue.fromS(FixedWidthInstantConverter.format(observedBefore)))
                        .build())
                .limit(OPEN_BATCHES_PAGE).build())) {
            for (DropItem item : page.items()) {
                open.add(toDrop(item));
                if (open.size() == limit) {
                    return open;
                }
            }
        }
        return open;
    }

    @Override
    public void recordCancelRequested(Drop drop, Instant now) {
        DropItem change = keyOnly(drop.requestId());
        change.setCancelRequestedAt(now);
        change.setUpdatedAt(now);
        update(change, Expression.builder().expression("attribute_exists(requestId)").build());
    }

    @Override
    public List<Drop> listAll() {
        return table.scan().items().stream().map(DynamoDbDropRepository::toDrop).toList();
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

    private static DropItem keyOnly(String requestId) {
        DropItem item = new DropItem();
        item.setRequestId(requestId);
        return item;
    }

    private static List<String> bounded(List<String> errors) {
        return errors.stream().limit(MAX_ERRORS).map(DynamoDbDropRepository::truncate).toList();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }

    static Drop toDrop(DropItem item) {
        DroppedObject object = new DroppedObject(item.getBucket(), item.getKey(), item.getEtag(),
                orZero(item.getSize()), item.getVersionId(), item.getSequencer());
        BatchProgress progress = new BatchProgress(item.getCounts() == null ? Map.of() : item.getCounts(),
                item.getFailureReason(), item.getFailureMessage(), item.getBatchObservedAt(),
                item.getCompletionNotifiedAt(), item.getLastPolledAt(),
                item.getPollFailures() == null ? 0 : item.getPollFailures(), item.getLastPollError());
        return new Drop(item.getRequestId(), DropStatus.valueOf(item.getStatus()), object, item.getBatchName(),
                orZero(item.getRunCount()), item.getBatchId(), item.getBatchArn(), item.getBatchStatus(),
                item.getErrors(), orZero(item.getErrorCount()),
                item.getAttempts() == null ? 0 : item.getAttempts(), item.getLastError(), item.getLeaseOwner(),
                item.getLeaseUntil(), item.getCreatedAt(), item.getUpdatedAt(), item.getNotifiedAt(), progress);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
