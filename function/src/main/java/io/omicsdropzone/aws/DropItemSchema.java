package io.omicsdropzone.aws;

import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.time.Instant;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * The table's schema, declared with method references: no bean introspection at cold start.
 * Attribute names are the item format documented in the README.
 */
public final class DropItemSchema {

    /** Global secondary index on {@code batchId}: finds a drop from a batch status event. */
    public static final String BY_BATCH_ID = "byBatchId";
    /** Sparse global secondary index: only drops whose batch is not terminal carry {@code openBatch}. */
    public static final String OPEN_BATCHES = "openBatches";
    /** Sparse global secondary index: only drops not yet settled (outcome notified) carry {@code openDrop}. */
    public static final String OPEN_DROPS = "openDrops";
    public static final String OPEN = "OPEN";

    private static final FixedWidthInstantConverter INSTANT = new FixedWidthInstantConverter();

    public static final TableSchema<DropItem> SCHEMA = StaticTableSchema.builder(DropItem.class)
            .newItemSupplier(DropItem::new)
            .addAttribute(String.class, a -> a.name("requestId").getter(DropItem::getRequestId).setter(DropItem::setRequestId).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("status").getter(DropItem::getStatus).setter(DropItem::setStatus))
            .addAttribute(String.class, a -> a.name("bucket").getter(DropItem::getBucket).setter(DropItem::setBucket))
            .addAttribute(String.class, a -> a.name("key").getter(DropItem::getKey).setter(DropItem::setKey))
            .addAttribute(String.class, a -> a.name("etag").getter(DropItem::getEtag).setter(DropItem::setEtag))
            .addAttribute(Long.class, a -> a.name("size").getter(DropItem::getSize).setter(DropItem::setSize))
            .addAttribute(String.class, a -> a.name("versionId").getter(DropItem::getVersionId).setter(DropItem::setVersionId))
            .addAttribute(String.class, a -> a.name("sequencer").getter(DropItem::getSequencer).setter(DropItem::setSequencer))
            .addAttribute(String.class, a -> a.name("batchName").getter(DropItem::getBatchName).setter(DropItem::setBatchName))
            .addAttribute(Long.class, a -> a.name("runCount").getter(DropItem::getRunCount).setter(DropItem::setRunCount))
            .addAttribute(String.class, a -> a.name("batchId").getter(DropItem::getBatchId).setter(DropItem::setBatchId).tags(secondaryPartitionKey(BY_BATCH_ID)))
            .addAttribute(String.class, a -> a.name("batchArn").getter(DropItem::getBatchArn).setter(DropItem::setBatchArn))
            .addAttribute(String.class, a -> a.name("batchStatus").getter(DropItem::getBatchStatus).setter(DropItem::setBatchStatus))
            .addAttribute(Integer.class, a -> a.name("batchStatusRank").getter(DropItem::getBatchStatusRank).setter(DropItem::setBatchStatusRank))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("errors").getter(DropItem::getErrors).setter(DropItem::setErrors))
            .addAttribute(Long.class, a -> a.name("errorCount").getter(DropItem::getErrorCount).setter(DropItem::setErrorCount))
            .addAttribute(Integer.class, a -> a.name("attempts").getter(DropItem::getAttempts).setter(DropItem::setAttempts))
            .addAttribute(String.class, a -> a.name("lastError").getter(DropItem::getLastError).setter(DropItem::setLastError))
            .addAttribute(String.class, a -> a.name("leaseOwner").getter(DropItem::getLeaseOwner).setter(DropItem::setLeaseOwner))
            .addAttribute(Instant.class, a -> a.name("leaseUntil").getter(DropItem::getLeaseUntil).setter(DropItem::setLeaseUntil).attributeConverter(INSTANT))
            .addAttribute(Instant.class, a -> a.name("createdAt").getter(DropItem::getCreatedAt).setter(DropItem::setCreatedAt).attributeConverter(INSTANT).tags(secondarySortKey(OPEN_BATCHES)))
            .addAttribute(Instant.class, a -> a.name("updatedAt").getter(DropItem::getUpdatedAt).setter(DropItem::setUpdatedAt).attributeConverter(INSTANT).tags(secondarySortKey(OPEN_DROPS)))
            .addAttribute(Instant.class, a -> a.name("notifiedAt").getter(DropItem::getNotifiedAt).setter(DropItem::setNotifiedAt).attributeConverter(INSTANT))
            .addAttribute(EnhancedType.mapOf(String.class, Long.class), a -> a.name("counts").getter(DropItem::getCounts).setter(DropItem::setCounts))
            .addAttribute(String.class, a -> a.name("failureReason").getter(DropItem::getFailureReason).setter(DropItem::setFailureReason))
            .addAttribute(String.class, a -> a.name("failureMessage").getter(DropItem::getFailureMessage).setter(DropItem::setFailureMessage))
            .addAttribute(Instant.class, a -> a.name("batchObservedAt").getter(DropItem::getBatchObservedAt).setter(DropItem::setBatchObservedAt).attributeConverter(INSTANT))
            .addAttribute(Instant.class, a -> a.name("completionNotifiedAt").getter(DropItem::getCompletionNotifiedAt).setter(DropItem::setCompletionNotifiedAt).attributeConverter(INSTANT))
            .addAttribute(String.class, a -> a.name("openBatch").getter(DropItem::getOpenBatch).setter(DropItem::setOpenBatch).tags(secondaryPartitionKey(OPEN_BATCHES)))
            .addAttribute(Instant.class, a -> a.name("cancelRequestedAt").getter(DropItem::getCancelRequestedAt).setter(DropItem::setCancelRequestedAt).attributeConverter(INSTANT))
            .addAttribute(String.class, a -> a.name("openDrop").getter(DropItem::getOpenDrop).setter(DropItem::setOpenDrop).tags(secondaryPartitionKey(OPEN_DROPS)))
            .addAttribute(Instant.class, a -> a.name("lastPolledAt").getter(DropItem::getLastPolledAt).setter(DropItem::setLastPolledAt).attributeConverter(INSTANT))
            .addAttribute(Integer.class, a -> a.name("pollFailures").getter(DropItem::getPollFailures).setter(DropItem::setPollFailures))
            .addAttribute(String.class, a -> a.name("lastPollError").getter(DropItem::getLastPollError).setter(DropItem::setLastPollError))
            .addAttribute(Instant.class, a -> a.name("resumeRequestedAt").getter(DropItem::getResumeRequestedAt).setter(DropItem::setResumeRequestedAt).attributeConverter(INSTANT))
            .build();

    private DropItemSchema() {
    }
}
