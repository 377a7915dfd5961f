package io.omicsdropzone.app;

import io.omicsdropzone.domain.tracking.ReconcileBatches;
import io.omicsdropzone.domain.tracking.SweepStuckDrops;
import io.omicsdropzone.metrics.Metric;
import io.omicsdropzone.metrics.MetricsSink;

import java.util.LinkedHashMap;
import java.util.Map;

/** One reconciler pass, shared by the scheduled function and the CLI: follow open batches, then sweep stuck drops. */
public final class ReconcilePass {

    private final ReconcileBatches batches;
    private final SweepStuckDrops sweep;
    private final MetricsSink metrics;

    public ReconcilePass(ReconcileBatches batches, SweepStuckDrops sweep) {
        this(batches, sweep, MetricsSink.NONE);
    }

    public ReconcilePass(ReconcileBatches batches, SweepStuckDrops sweep, MetricsSink metrics) {
        this.batches = batches;
        this.sweep = sweep;
        this.metrics = metrics;
    }

    /** What a pass did, and whether an operator must look (persistent GetBatch failures, drops it could not move). */
    public record Report(ReconcileBatches.Summary batches, SweepStuckDrops.Summary drops) {

        public boolean needsAttention() {
            return batches.persistentFailures() > 0 || !drops.errors().isEmpty();
        }

        public String problem() {
            return batches.persistentFailures() + " batch(es) whose GetBatch failed "
                    + ReconcileBatches.PERSISTENT_FAILURES + " times in a row, " + drops.errors().size()
                    + " stuck drop(s) that could not be resumed or given up" + (drops.errors().isEmpty() ? ""
                    : ": " + String.join("; ", drops.errors().subList(0, Math.min(5, drops.errors().size()))));
        }

        /** Written every pass, zeros included, so an alarm on reconcile errors sees data rather than silence. */
        public Map<Metric, Number> metrics() {
            Map<Metric, Number> values = new LinkedHashMap<>();
            values.put(Metric.STUCK_DROPS_SWEPT, drops.resumed() + drops.gaveUp());
            values.put(Metric.RECONCILE_ERRORS, batches.failures() + drops.errors().size());
            return values;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> batchPart = new LinkedHashMap<>();
            batchPart.put("examined", batches.examined());
            Map<String, Object> outcomes = new LinkedHashMap<>();
            batches.outcomes().forEach((outcome, count) -> outcomes.put(outcome.name(), count));
            batchPart.put("outcomes", outcomes);
            batchPart.put("failures", batches.failures());
            batchPart.put("persistentFailures", batches.persistentFailures());
            batchPart.put("notFound", batches.notFound());
            batchPart.put("throttled", batches.throttled());
            Map<String, Object> dropPart = new LinkedHashMap<>();
            dropPart.put("examined", drops.examined());
            dropPart.put("resumed", drops.resumed());
            dropPart.put("gaveUp", drops.gaveUp());
            dropPart.put("batchesFound", drops.batchesFound());
            dropPart.put("skipped", drops.skipped());
            dropPart.put("errors", drops.errors());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("batches", batchPart);
            report.put("stuckDrops", dropPart);
            return report;
        }
    }

    public Report run(int maxBatches, int maxDrops) {
        ReconcileBatches.Summary batchSummary = batches.run(maxBatches);
        SweepStuckDrops.Summary sweepSummary = sweep.run(maxDrops);
        Report report = new Report(batchSummary, sweepSummary);
        metrics.emit(report.metrics());
        return report;
    }
}
