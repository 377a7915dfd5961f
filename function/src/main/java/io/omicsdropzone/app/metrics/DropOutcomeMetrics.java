package io.omicsdropzone.app.metrics;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.metrics.Metric;
import io.omicsdropzone.metrics.MetricsSink;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns what a delivery did with a dropped object into metrics, read off the outcome rather than the steps that led
 * to it. A new drop counts once, in the delivery that settles it: {@code DropsReceived} is then always
 * {@code BatchesSubmitted + FilesRejected + SubmissionsFailed}, and every outcome counter is written (0 or 1) so a
 * rate over them is defined. A delivery that fails with a retryable error emits nothing; its retry does.
 */
public final class DropOutcomeMetrics {

    /** The dimension a routed drop's outcome carries besides {@code Function}. */
    public static final String PIPELINE_DIMENSION = "Pipeline";

    private final MetricsSink metrics;

    public DropOutcomeMetrics(MetricsSink metrics) {
        this.metrics = metrics;
    }

    /** For the handler loop: each settled object with its S3 event time (when the event gave one). */
    public BiConsumer<DroppedObject, DropResult> forEvents(Map<DroppedObject, Instant> eventTimes) {
        return (object, result) -> record(result, eventTimes.get(object));
    }

    /** @param eventTime when S3 reported the object, or null when unknown (no latency is written then) */
    public void record(DropResult result, Instant eventTime) {
        Map<Metric, Number> values = new LinkedHashMap<>();
        switch (result.action()) {
            case IGNORED -> {
                return;
            }
            case ALREADY_SETTLED, DUPLICATE -> values.put(Metric.DUPLICATES_SKIPPED, 1); // an identical re-upload too
            case PROCESSED -> outcome(result.drop(), eventTime, values);
        }
        // Documents declare [Function] and [Function, Pipeline]: per-function graphs stay whole, and a pipeline's
        // outcomes can be graphed on their own. Drops of a one-pipeline (DEFAULT_RUN_SETTING) set-up have no name.
        Drop drop = result.drop();
        String pipeline = drop == null ? null : drop.pipeline();
        (pipeline == null ? metrics : metrics.withDimension(PIPELINE_DIMENSION, pipeline)).emit(values);
    }

    /**
     * A drop settled outside the submit handler (the reconciler gave up on it or announced it, or {@code redrive}
     * made it), counted like the handler's drops so rates and alarms see every outcome; called once per drop, when
     * its outcome was marked notified ({@link NotifiedOutcomes}).
     */
    public void recordSettled(Drop drop) {
        if (drop.status().terminal()) {
            record(new DropResult(DropResult.Action.PROCESSED, drop), null);
        }
    }

    private static void outcome(Drop drop, Instant eventTime, Map<Metric, Number> values) {
        DropStatus status = drop.status();
        values.put(Metric.DROPS_RECEIVED, 1);
        values.put(Metric.BATCHES_SUBMITTED, status == DropStatus.SUBMITTED ? 1 : 0);
        values.put(Metric.FILES_REJECTED, status == DropStatus.REJECTED ? 1 : 0);
        values.put(Metric.SUBMISSIONS_FAILED, status == DropStatus.FAILED ? 1 : 0);
        if (status != DropStatus.SUBMITTED) {
            return;
        }
        values.put(Metric.RUNS_SUBMITTED, drop.runCount());
        // recordSubmitted stamps updatedAt right after StartRunBatch accepted. A drop resumed by the reconciler
        // arrives with a new event time: its first claim (createdAt) is then the earlier, truer start.
        Instant start = eventTime == null ? drop.createdAt()
                : drop.createdAt() == null || eventTime.isBefore(drop.createdAt()) ? eventTime : drop.createdAt();
        if (start != null && drop.updatedAt() != null) {
            values.put(Metric.DROP_TO_SUBMITTED_SECONDS,
                    Math.max(0, Duration.between(start, drop.updatedAt()).toMillis()) / 1000.0);
        }
    }
}
