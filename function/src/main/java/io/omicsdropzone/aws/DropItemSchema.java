package io.omicsdropzone.aws;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The drops table: its indexes and its item schema.
 * Attribute names are the item format documented in docs/how-a-drop-is-handled.md.
 */
public final class DropItemSchema {

    /** Global secondary index on {@code batchId}: finds a drop from a batch status event. */
    public static final String BY_BATCH_ID = "byBatchId";
    /** Sparse global secondary index: only drops whose batch is not terminal carry {@code openBatch}. */
    public static final String OPEN_BATCHES = "openBatches";
    /** Sparse global secondary index: only drops not yet settled (outcome notified) carry {@code openDrop}. */
    public static final String OPEN_DROPS = "openDrops";
    public static final String OPEN = "OPEN";

    /** The item mapping, written out (no method references, nothing spun at cold start). */
    public static final TableSchema<DropItem> SCHEMA = new DropItemTableSchema();

    private DropItemSchema() {
    }
}
