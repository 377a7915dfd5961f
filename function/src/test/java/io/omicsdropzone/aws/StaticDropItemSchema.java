package io.omicsdropzone.aws;

import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

import java.time.Instant;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * The drops table's schema as it was declared before issue 21 (StaticImmutableTableSchema, a method reference per
 * getter and setter): the reference DropItemTableSchemaTest holds the written-out schema to.
 */
final class StaticDropItemSchema {


    private static final FixedWidthInstantConverter INSTANT = new FixedWidthInstantConverter();

    static final TableSchema<DropItem> SCHEMA = StaticImmutableTableSchema.builder(DropItem.class, DropItem.Builder.class)
            .newItemBuilder(DropItem::builder, DropItem.Builder::build)
            .addAttribute(String.class, a -> a.name("requestId").getter(DropItem::requestId).setter(DropItem.Builder::requestId).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("status").getter(DropItem::status).setter(DropItem.Builder::status))
            .addAttribute(String.class, a -> a.name("bucket").getter(DropItem::bucket).setter(DropItem.Builder::bucket))
            .addAttribute(String.class, a -> a.name("key").getter(DropItem::key).setter(DropItem.Builder::key))
            .addAttribute(String.class, a -> a.name("etag").getter(DropItem::etag).setter(DropItem.Builder::etag))
            .addAttribute(Long.class, a -> a.name("size").getter(DropItem::size).setter(DropItem.Builder::size))
            .addAttribute(String.class, a -> a.name("versionId").getter(DropItem::versionId).setter(DropItem.Builder::versionId))
            .addAttribute(String.class, a -> a.name("sequencer").getter(DropItem::sequencer).setter(DropItem.Builder::sequencer))
            .addAttribute(String.class, a -> a.name("batchName").getter(DropItem::batchName).setter(DropItem.Builder::batchName))
            .addAttribute(Long.class, a -> a.name("runCount").getter(DropItem::runCount).setter(DropItem.Builder::runCount))
            .addAttribute(String.class, a -> a.name("batchId").getter(DropItem::batchId).setter(DropItem.Builder::batchId).tags(secondaryPartitionKey(DropItemSchema.BY_BATCH_ID)))
            .addAttribute(String.class, a -> a.name("batchArn").getter(DropItem::batchArn).setter(DropItem.Builder::batchArn))
            .addAttribute(String.class, a -> a.name("batchStatus").getter(DropItem::batchStatus).setter(DropItem.Builder::batchStatus))
            .addAttribute(Integer.class, a -> a.name("batchStatusRank").getter(DropItem::batchStatusRank).setter(DropItem.Builder::batchStatusRank))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("errors").getter(DropItem::errors).setter(DropItem.Builder::errors))
            .addAttribute(Long.class, a -> a.name("errorCount").getter(DropItem::errorCount).setter(DropItem.Builder::errorCount))
            .addAttribute(Integer.class, a -> a.name("attempts").getter(DropItem::attempts).setter(DropItem.Builder::attempts))
            .addAttribute(String.class, a -> a.name("lastError").getter(DropItem::lastError).setter(DropItem.Builder::lastError))
            .addAttribute(String.class, a -> a.name("leaseOwner").getter(DropItem::leaseOwner).setter(DropItem.Builder::leaseOwner))
            .addAttribute(Instant.class, a -> a.name("leaseUntil").getter(DropItem::leaseUntil).setter(DropItem.Builder::leaseUntil).attributeConverter(INSTANT))
            .addAttribute(Instant.class, a -> a.name("createdAt").getter(DropItem::createdAt).setter(DropItem.Builder::createdAt).attributeConverter(INSTANT).tags(secondarySortKey(DropItemSchema.OPEN_BATCHES)))
            .addAttribute(Instant.class, a -> a.name("updatedAt").getter(DropItem::updatedAt).setter(DropItem.Builder::updatedAt).attributeConverter(INSTANT).tags(secondarySortKey(DropItemSchema.OPEN_DROPS)))
            .addAttribute(Instant.class, a -> a.name("notifiedAt").getter(DropItem::notifiedAt).setter(DropItem.Builder::notifiedAt).attributeConverter(INSTANT))
            .addAttribute(EnhancedType.mapOf(String.class, Long.class), a -> a.name("counts").getter(DropItem::counts).setter(DropItem.Builder::counts))
            .addAttribute(String.class, a -> a.name("failureReason").getter(DropItem::failureReason).setter(DropItem.Builder::failureReason))
            .addAttribute(String.class, a -> a.name("failureMessage").getter(DropItem::failureMessage).setter(DropItem.Builder::failureMessage))
            .addAttribute(Instant.class, a -> a.name("batchObservedAt").getter(DropItem::batchObservedAt).setter(DropItem.Builder::batchObservedAt).attributeConverter(INSTANT))
            .addAttribute(Instant.class, a -> a.name("completionNotifiedAt").getter(DropItem::completionNotifiedAt).setter(DropItem.Builder::completionNotifiedAt).attributeConverter(INSTANT))
            .addAttribute(String.class, a -> a.name("openBatch").getter(DropItem::openBatch).setter(DropItem.Builder::openBatch).tags(secondaryPartitionKey(DropItemSchema.OPEN_BATCHES)))
            .addAttribute(Instant.class, a -> a.name("cancelRequestedAt").getter(DropItem::cancelRequestedAt).setter(DropItem.Builder::cancelRequestedAt).attributeConverter(INSTANT))
            .addAttribute(String.class, a -> a.name("openDrop").getter(DropItem::openDrop).setter(DropItem.Builder::openDrop).tags(secondaryPartitionKey(DropItemSchema.OPEN_DROPS)))
            .addAttribute(Instant.class, a -> a.name("lastPolledAt").getter(DropItem::lastPolledAt).setter(DropItem.Builder::lastPolledAt).attributeConverter(INSTANT))
            .addAttribute(Integer.class, a -> a.name("pollFailures").getter(DropItem::pollFailures).setter(DropItem.Builder::pollFailures))
            .addAttribute(String.class, a -> a.name("lastPollError").getter(DropItem::lastPollError).setter(DropItem.Builder::lastPollError))
            .addAttribute(Instant.class, a -> a.name("resumeRequestedAt").getter(DropItem::resumeRequestedAt).setter(DropItem.Builder::resumeRequestedAt).attributeConverter(INSTANT))
            .addAttribute(String.class, a -> a.name("parametersNotChecked").getter(DropItem::parametersNotChecked).setter(DropItem.Builder::parametersNotChecked))
            .addAttribute(String.class, a -> a.name("snapshotUri").getter(DropItem::snapshotUri).setter(DropItem.Builder::snapshotUri))
            .addAttribute(String.class, a -> a.name("snapshotEtag").getter(DropItem::snapshotEtag).setter(DropItem.Builder::snapshotEtag))
            .addAttribute(String.class, a -> a.name("redriveOf").getter(DropItem::redriveOf).setter(DropItem.Builder::redriveOf))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("redrives").getter(DropItem::redrives).setter(DropItem.Builder::redrives))
            .addAttribute(EnhancedType.setOf(String.class), a -> a.name("duplicateUploads").getter(DropItem::duplicateUploads).setter(DropItem.Builder::duplicateUploads))
            .addAttribute(String.class, a -> a.name("pipeline").getter(DropItem::pipeline).setter(DropItem.Builder::pipeline))
            .addAttribute(String.class, a -> a.name("contentSha256").getter(DropItem::contentSha256).setter(DropItem.Builder::contentSha256))
            .addAttribute(String.class, a -> a.name("duplicateOf").getter(DropItem::duplicateOf).setter(DropItem.Builder::duplicateOf))
            .addAttribute(String.class, a -> a.name("reuploadOf").getter(DropItem::reuploadOf).setter(DropItem.Builder::reuploadOf))
            .addAttribute(String.class, a -> a.name("contentHolder").getter(DropItem::contentHolder).setter(DropItem.Builder::contentHolder))
            .addAttribute(String.class, a -> a.name("supersedes").getter(DropItem::supersedes).setter(DropItem.Builder::supersedes))
            .addAttribute(String.class, a -> a.name("workflowId").getter(DropItem::workflowId).setter(DropItem.Builder::workflowId))
            .addAttribute(String.class, a -> a.name("runSettingDigest").getter(DropItem::runSettingDigest).setter(DropItem.Builder::runSettingDigest))
            .build();

    private StaticDropItemSchema() {
    }
}
