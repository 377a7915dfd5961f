package io.omicsdropzone.aws;

import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableMetadata;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The drops table's item mapping for the enhanced client, written out attribute by attribute. A
 * {@code StaticImmutableTableSchema} builds the same mapping from a method reference per getter and setter and a
 * lambda per attribute: about 150 classes the JVM spins at every cold start, plus the mapper machinery behind them.
 * Here an attribute is a {@code case}. DropItemTableSchemaTest holds it to the static schema it replaces: the same
 * maps for every item (nulls as {@code NUL} unless ignored), the same items back, the same keys and indexes.
 *
 * <p>Types: strings as {@code S}, Long and Integer as {@code N}, instants as fixed-width {@code S}
 * ({@link FixedWidthInstantConverter}), lists of strings as {@code L}, the set of strings as {@code SS},
 * {@code counts} as a map of {@code N}. A new attribute needs its name in {@link #NAMES} and a case in both switches.
 */
final class DropItemTableSchema implements TableSchema<DropItem> {

    /** Every attribute, in the order items are written. */
    static final List<String> NAMES = List.of("requestId", "status", "bucket", "key", "etag",
            "size", "versionId", "sequencer", "batchName", "runCount",
            "batchId", "batchArn", "batchStatus", "batchStatusRank", "errors",
            "errorCount", "attempts", "lastError", "leaseOwner", "leaseUntil",
            "createdAt", "updatedAt", "notifiedAt", "counts", "failureReason",
            "failureMessage", "batchObservedAt", "completionNotifiedAt", "openBatch", "cancelRequestedAt",
            "openDrop", "lastPolledAt", "pollFailures", "lastPollError", "resumeRequestedAt",
            "parametersNotChecked", "snapshotUri", "snapshotEtag", "redriveOf", "redrives",
            "duplicateUploads", "pipeline", "contentSha256", "duplicateOf", "reuploadOf",
            "contentHolder", "supersedes", "workflowId", "runSettingDigest");

    private static final AttributeValue NUL = AttributeValue.builder().nul(true).build();
    private static final EnhancedType<DropItem> TYPE = EnhancedType.of(DropItem.class);

    private final TableMetadata metadata = StaticTableMetadata.builder()
            .addIndexPartitionKey(TableMetadata.primaryIndexName(), "requestId", AttributeValueType.S)
            .addIndexPartitionKey(DropItemSchema.BY_BATCH_ID, "batchId", AttributeValueType.S)
            .addIndexPartitionKey(DropItemSchema.OPEN_BATCHES, "openBatch", AttributeValueType.S)
            .addIndexSortKey(DropItemSchema.OPEN_BATCHES, "createdAt", AttributeValueType.S)
            .addIndexPartitionKey(DropItemSchema.OPEN_DROPS, "openDrop", AttributeValueType.S)
            .addIndexSortKey(DropItemSchema.OPEN_DROPS, "updatedAt", AttributeValueType.S)
            .build();

    /** The attribute's value, or null when the item has none (as the static schema answers). */
    @Override
    public AttributeValue attributeValue(DropItem item, String name) {
        AttributeValue value = value(item, name);
        return isNul(value) ? null : value;
    }

    /** The attribute's value; {@code NUL} when the item has none. */
    private static AttributeValue value(DropItem item, String name) {
        return switch (name) {
            case "requestId" -> string(item.requestId());
            case "status" -> string(item.status());
            case "bucket" -> string(item.bucket());
            case "key" -> string(item.key());
            case "etag" -> string(item.etag());
            case "size" -> number(item.size());
            case "versionId" -> string(item.versionId());
            case "sequencer" -> string(item.sequencer());
            case "batchName" -> string(item.batchName());
            case "runCount" -> number(item.runCount());
            case "batchId" -> string(item.batchId());
            case "batchArn" -> string(item.batchArn());
            case "batchStatus" -> string(item.batchStatus());
            case "batchStatusRank" -> number(item.batchStatusRank());
            case "errors" -> list(item.errors());
            case "errorCount" -> number(item.errorCount());
            case "attempts" -> number(item.attempts());
            case "lastError" -> string(item.lastError());
            case "leaseOwner" -> string(item.leaseOwner());
            case "leaseUntil" -> instant(item.leaseUntil());
            case "createdAt" -> instant(item.createdAt());
            case "updatedAt" -> instant(item.updatedAt());
            case "notifiedAt" -> instant(item.notifiedAt());
            case "counts" -> counts(item.counts());
            case "failureReason" -> string(item.failureReason());
            case "failureMessage" -> string(item.failureMessage());
            case "batchObservedAt" -> instant(item.batchObservedAt());
            case "completionNotifiedAt" -> instant(item.completionNotifiedAt());
            case "openBatch" -> string(item.openBatch());
            case "cancelRequestedAt" -> instant(item.cancelRequestedAt());
            case "openDrop" -> string(item.openDrop());
            case "lastPolledAt" -> instant(item.lastPolledAt());
            case "pollFailures" -> number(item.pollFailures());
            case "lastPollError" -> string(item.lastPollError());
            case "resumeRequestedAt" -> instant(item.resumeRequestedAt());
            case "parametersNotChecked" -> string(item.parametersNotChecked());
            case "snapshotUri" -> string(item.snapshotUri());
            case "snapshotEtag" -> string(item.snapshotEtag());
            case "redriveOf" -> string(item.redriveOf());
            case "redrives" -> list(item.redrives());
            case "duplicateUploads" -> set(item.duplicateUploads());
            case "pipeline" -> string(item.pipeline());
            case "contentSha256" -> string(item.contentSha256());
            case "duplicateOf" -> string(item.duplicateOf());
            case "reuploadOf" -> string(item.reuploadOf());
            case "contentHolder" -> string(item.contentHolder());
            case "supersedes" -> string(item.supersedes());
            case "workflowId" -> string(item.workflowId());
            case "runSettingDigest" -> string(item.runSettingDigest());
            default -> throw new IllegalArgumentException("DropItem has no attribute " + name);
        };
    }

    @Override
    public Map<String, AttributeValue> itemToMap(DropItem item, boolean ignoreNulls) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (String name : NAMES) {
            AttributeValue value = value(item, name);
            if (!ignoreNulls || !isNul(value)) {
                map.put(name, value);
            }
        }
        return map;
    }

    @Override
    public Map<String, AttributeValue> itemToMap(DropItem item, Collection<String> attributes) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (String name : attributes) {
            map.put(name, attributeValue(item, name)); // null for an absent attribute, as the static schema puts it
        }
        return map;
    }

    /** Null when the map holds none of the item's attributes (as the static schema answers). */
    @Override
    public DropItem mapToItem(Map<String, AttributeValue> map) {
        if (map == null) {
            return null;
        }
        DropItem.Builder builder = null;
        for (String name : NAMES) {
            AttributeValue value = map.get(name);
            if (value != null && !isNul(value)) {
                builder = builder == null ? DropItem.builder() : builder;
                read(builder, name, value);
            }
        }
        return builder == null ? null : builder.build();
    }

    private static void read(DropItem.Builder builder, String name, AttributeValue value) {
        switch (name) {
            case "requestId" -> builder.requestId(value.s());
            case "status" -> builder.status(value.s());
            case "bucket" -> builder.bucket(value.s());
            case "key" -> builder.key(value.s());
            case "etag" -> builder.etag(value.s());
            case "size" -> builder.size(Long.valueOf(value.n()));
            case "versionId" -> builder.versionId(value.s());
            case "sequencer" -> builder.sequencer(value.s());
            case "batchName" -> builder.batchName(value.s());
            case "runCount" -> builder.runCount(Long.valueOf(value.n()));
            case "batchId" -> builder.batchId(value.s());
            case "batchArn" -> builder.batchArn(value.s());
            case "batchStatus" -> builder.batchStatus(value.s());
            case "batchStatusRank" -> builder.batchStatusRank(Integer.valueOf(value.n()));
            case "errors" -> builder.errors(list(value));
            case "errorCount" -> builder.errorCount(Long.valueOf(value.n()));
            case "attempts" -> builder.attempts(Integer.valueOf(value.n()));
            case "lastError" -> builder.lastError(value.s());
            case "leaseOwner" -> builder.leaseOwner(value.s());
            case "leaseUntil" -> builder.leaseUntil(Instant.parse(value.s()));
            case "createdAt" -> builder.createdAt(Instant.parse(value.s()));
            case "updatedAt" -> builder.updatedAt(Instant.parse(value.s()));
            case "notifiedAt" -> builder.notifiedAt(Instant.parse(value.s()));
            case "counts" -> builder.counts(counts(value));
            case "failureReason" -> builder.failureReason(value.s());
            case "failureMessage" -> builder.failureMessage(value.s());
            case "batchObservedAt" -> builder.batchObservedAt(Instant.parse(value.s()));
            case "completionNotifiedAt" -> builder.completionNotifiedAt(Instant.parse(value.s()));
            case "openBatch" -> builder.openBatch(value.s());
            case "cancelRequestedAt" -> builder.cancelRequestedAt(Instant.parse(value.s()));
            case "openDrop" -> builder.openDrop(value.s());
            case "lastPolledAt" -> builder.lastPolledAt(Instant.parse(value.s()));
            case "pollFailures" -> builder.pollFailures(Integer.valueOf(value.n()));
            case "lastPollError" -> builder.lastPollError(value.s());
            case "resumeRequestedAt" -> builder.resumeRequestedAt(Instant.parse(value.s()));
            case "parametersNotChecked" -> builder.parametersNotChecked(value.s());
            case "snapshotUri" -> builder.snapshotUri(value.s());
            case "snapshotEtag" -> builder.snapshotEtag(value.s());
            case "redriveOf" -> builder.redriveOf(value.s());
            case "redrives" -> builder.redrives(list(value));
            case "duplicateUploads" -> builder.duplicateUploads(set(value));
            case "pipeline" -> builder.pipeline(value.s());
            case "contentSha256" -> builder.contentSha256(value.s());
            case "duplicateOf" -> builder.duplicateOf(value.s());
            case "reuploadOf" -> builder.reuploadOf(value.s());
            case "contentHolder" -> builder.contentHolder(value.s());
            case "supersedes" -> builder.supersedes(value.s());
            case "workflowId" -> builder.workflowId(value.s());
            case "runSettingDigest" -> builder.runSettingDigest(value.s());
            default -> throw new IllegalArgumentException("DropItem has no attribute " + name);
        }
    }

    @Override
    public TableMetadata tableMetadata() {
        return metadata;
    }

    @Override
    public EnhancedType<DropItem> itemType() {
        return TYPE;
    }

    @Override
    public List<String> attributeNames() {
        return NAMES;
    }

    @Override
    public boolean isAbstract() {
        return false;
    }

    private static boolean isNul(AttributeValue value) {
        return value == null || Boolean.TRUE.equals(value.nul());
    }

    private static AttributeValue string(String value) {
        return value == null ? NUL : AttributeValue.fromS(value);
    }

    private static AttributeValue number(Number value) {
        return value == null ? NUL : AttributeValue.fromN(value.toString());
    }

    private static AttributeValue instant(Instant value) {
        return value == null ? NUL : AttributeValue.fromS(FixedWidthInstantConverter.format(value));
    }

    private static AttributeValue list(List<String> values) {
        if (values == null) {
            return NUL;
        }
        List<AttributeValue> elements = new ArrayList<>(values.size());
        for (String value : values) {
            elements.add(string(value));
        }
        return AttributeValue.fromL(elements);
    }

    private static AttributeValue set(Set<String> values) {
        return values == null ? NUL : AttributeValue.fromSs(new ArrayList<>(values));
    }

    private static AttributeValue counts(Map<String, Long> values) {
        if (values == null) {
            return NUL;
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (Map.Entry<String, Long> count : values.entrySet()) {
            map.put(count.getKey(), number(count.getValue()));
        }
        return AttributeValue.fromM(map);
    }

    private static List<String> list(AttributeValue value) {
        List<String> values = new ArrayList<>(value.l().size());
        for (AttributeValue element : value.l()) {
            values.add(isNul(element) ? null : element.s());
        }
        return values;
    }

    private static Set<String> set(AttributeValue value) {
        return new LinkedHashSet<>(value.ss());
    }

    private static Map<String, Long> counts(AttributeValue value) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> count : value.m().entrySet()) {
            counts.put(count.getKey(), isNul(count.getValue()) ? null : Long.valueOf(count.getValue().n()));
        }
        return counts;
    }
}
