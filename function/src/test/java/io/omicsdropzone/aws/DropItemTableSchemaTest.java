package io.omicsdropzone.aws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The written-out item schema maps drops exactly as the StaticImmutableTableSchema it replaced (kept as the reference
 * in {@link StaticDropItemSchema}): the same attribute maps with and without nulls, the same items read back, the same
 * keys and indexes for the enhanced client's queries and the stand-in's CreateTable.
 */
class DropItemTableSchemaTest {

    static final TableSchema<DropItem> REFERENCE = StaticDropItemSchema.SCHEMA;
    static final TableSchema<DropItem> WRITTEN_OUT = DropItemSchema.SCHEMA;
    static final Instant AT = Instant.parse("2026-11-23T07:30:12Z"); // a zero fraction: the fixed width matters

    static DropItem everyAttributeSet() {
        return DropItem.builder()
                .requestId("requestId-value")
                .status("status-value")
                .bucket("bucket-value")
                .key("key-value")
                .etag("etag-value")
                .size(36L)
                .versionId("versionId-value")
                .sequencer("sequencer-value")
                .batchName("batchName-value")
                .runCount(64L)
                .batchId("batchId-value")
                .batchArn("batchArn-value")
                .batchStatus("batchStatus-value")
                .batchStatusRank(14)
                .errors(new ArrayList<>(List.of("errors-1", "errors-2")))
                .errorCount(106L)
                .attempts(17)
                .lastError("lastError-value")
                .leaseOwner("leaseOwner-value")
                .leaseUntil(AT.plusSeconds(19))
                .createdAt(AT.plusSeconds(20))
                .updatedAt(AT.plusSeconds(21))
                .notifiedAt(AT.plusSeconds(22))
                .counts(new LinkedHashMap<>(Map.of("totalRuns", 3L)))
                .failureReason("failureReason-value")
                .failureMessage("failureMessage-value")
                .batchObservedAt(AT.plusSeconds(26))
                .completionNotifiedAt(AT.plusSeconds(27))
                .openBatch("openBatch-value")
                .cancelRequestedAt(AT.plusSeconds(29))
                .openDrop("openDrop-value")
                .lastPolledAt(AT.plusSeconds(31))
                .pollFailures(33)
                .lastPollError("lastPollError-value")
                .resumeRequestedAt(AT.plusSeconds(34))
                .parametersNotChecked("parametersNotChecked-value")
                .snapshotUri("snapshotUri-value")
                .snapshotEtag("snapshotEtag-value")
                .redriveOf("redriveOf-value")
                .redrives(new ArrayList<>(List.of("redrives-1", "redrives-2")))
                .duplicateUploads(new LinkedHashSet<>(List.of("duplicateUploads-1", "duplicateUploads-2")))
                .pipeline("pipeline-value")
                .contentSha256("contentSha256-value")
                .duplicateOf("duplicateOf-value")
                .reuploadOf("reuploadOf-value")
                .contentHolder("contentHolder-value")
                .supersedes("supersedes-value")
                .workflowId("workflowId-value")
                .runSettingDigest("runSettingDigest-value")
                .build();
    }

    static Stream<DropItem> items() {
        return Stream.of(everyAttributeSet(),
                DropItem.builder().requestId("key-only").build(),
                DropItem.builder().requestId("empties").errors(new ArrayList<>()).redrives(new ArrayList<>())
                        .counts(new LinkedHashMap<>()).leaseUntil(Instant.parse("2026-11-23T07:30:12.345Z")).build(),
                DropItem.builder().requestId("partial").status("SUBMITTED").openDrop(DropItemSchema.OPEN)
                        .counts(new LinkedHashMap<>(Map.of("totalRuns", 20L, "failedRunCount", 0L)))
                        .updatedAt(AT.plusNanos(1_000_000)).build());
    }

    @ParameterizedTest
    @MethodSource("items")
    void an_item_is_written_as_the_static_schema_wrote_it(DropItem item) {
        assertThat(WRITTEN_OUT.itemToMap(item, true)).isEqualTo(REFERENCE.itemToMap(item, true));
        assertThat(WRITTEN_OUT.itemToMap(item, false)).isEqualTo(REFERENCE.itemToMap(item, false));
        List<String> some = List.of("requestId", "counts", "leaseUntil", "errors", "status");
        assertThat(WRITTEN_OUT.itemToMap(item, some)).isEqualTo(REFERENCE.itemToMap(item, some));
        for (String name : REFERENCE.attributeNames()) {
            assertThat(WRITTEN_OUT.attributeValue(item, name)).as(name).isEqualTo(REFERENCE.attributeValue(item, name));
        }
    }

    @ParameterizedTest
    @MethodSource("items")
    void an_item_is_read_back_as_the_static_schema_read_it(DropItem item) {
        for (boolean ignoreNulls : new boolean[] {true, false}) {
            Map<String, AttributeValue> stored = new HashMap<>(REFERENCE.itemToMap(item, ignoreNulls));
            stored.put("notAnAttributeOfTheSchema", AttributeValue.fromS("ignored"));

            DropItem read = WRITTEN_OUT.mapToItem(stored);

            assertThat(read).isEqualTo(REFERENCE.mapToItem(stored)).isEqualTo(item);
        }
    }

    @Test
    void an_empty_map_reads_as_no_item_as_before() {
        assertThat(WRITTEN_OUT.mapToItem(Map.of())).isEqualTo(REFERENCE.mapToItem(Map.of()));
        assertThat(WRITTEN_OUT.mapToItem(Map.of("requestId", AttributeValue.builder().nul(true).build())))
                .isEqualTo(REFERENCE.mapToItem(Map.of("requestId", AttributeValue.builder().nul(true).build())));
    }

    @Test
    void attributes_keys_and_indexes_are_the_static_schema_s() {
        assertThat(WRITTEN_OUT.attributeNames()).isEqualTo(REFERENCE.attributeNames());
        assertThat(WRITTEN_OUT.itemType().rawClass()).isEqualTo(REFERENCE.itemType().rawClass());
        assertThat(WRITTEN_OUT.isAbstract()).isEqualTo(REFERENCE.isAbstract());
        TableMetadata written = WRITTEN_OUT.tableMetadata();
        TableMetadata reference = REFERENCE.tableMetadata();
        assertThat(written.primaryKeys()).isEqualTo(reference.primaryKeys());
        assertThat(written.allKeys()).containsExactlyInAnyOrderElementsOf(reference.allKeys());
        for (String index : List.of(TableMetadata.primaryIndexName(), DropItemSchema.BY_BATCH_ID,
                DropItemSchema.OPEN_BATCHES, DropItemSchema.OPEN_DROPS)) {
            assertThat(written.indexPartitionKey(index)).as(index).isEqualTo(reference.indexPartitionKey(index));
            assertThat(written.indexSortKey(index)).as(index).isEqualTo(reference.indexSortKey(index));
            assertThat(written.indexKeys(index)).as(index).isEqualTo(reference.indexKeys(index));
        }
        for (String key : reference.allKeys()) {
            assertThat(written.scalarAttributeType(key)).as(key).isEqualTo(reference.scalarAttributeType(key));
        }
        assertThat(written.keyAttributes()).containsExactlyInAnyOrderElementsOf(reference.keyAttributes());
    }

    @Test
    void an_unknown_attribute_is_refused() {
        assertThatThrownBy(() -> WRITTEN_OUT.attributeValue(everyAttributeSet(), "nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
