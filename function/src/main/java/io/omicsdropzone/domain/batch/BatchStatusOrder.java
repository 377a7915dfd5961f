package io.omicsdropzone.domain.batch;

import java.util.Map;
import java.util.Set;

/**
 * The batch lifecycle as a monotonic order, so an update never moves a drop's batch backwards however events
 * arrive: CREATING → PENDING → SUBMITTING → INPROGRESS → STOPPING → PROCESSED | FAILED | CANCELLED → RUNS_DELETING →
 * RUNS_DELETED | RUNS_DELETE_FAILED. Statuses this code does not know rank 0: recorded only if nothing better is
 * known, and never terminal.
 */
public final class BatchStatusOrder {

    private static final Map<String, Integer> RANKS = Map.ofEntries(
            Map.entry("CREATING", 1), Map.entry("PENDING", 2), Map.entry("SUBMITTING", 3), Map.entry("INPROGRESS", 4),
            Map.entry("STOPPING", 5), Map.entry("PROCESSED", 6), Map.entry("FAILED", 6), Map.entry("CANCELLED", 6),
            Map.entry("RUNS_DELETING", 7), Map.entry("RUNS_DELETED", 8), Map.entry("RUNS_DELETE_FAILED", 8));

    /** The states whose arrival is announced; the batch does no more work after them. */
    private static final Set<String> TERMINAL = Set.of("PROCESSED", "FAILED", "CANCELLED", "RUNS_DELETING",
            "RUNS_DELETED", "RUNS_DELETE_FAILED");

    private BatchStatusOrder() {
    }

    public static int rank(String status) {
        return status == null ? 0 : RANKS.getOrDefault(status, 0);
    }

    public static boolean terminal(String status) {
        return status != null && TERMINAL.contains(status);
    }

    /** The notification type for a terminal status, or null when the status is not announced. */
    public static String completionType(String status) {
        return switch (status == null ? "" : status) {
            case "PROCESSED" -> "BatchCompleted";
            case "FAILED" -> "BatchFailed";
            case "CANCELLED" -> "BatchCancelled";
            default -> null;
        };
    }
}
