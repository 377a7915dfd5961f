package io.omicsdropzone.metrics;

/**
 * The dropzone's CloudWatch metrics, each with its unit. Units are CloudWatch's own names (the EMF {@code Unit}
 * field takes the values of the PutMetricData {@code StandardUnit}:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
 */
public enum Metric {
    /** A new drop brought to its outcome (submitted, rejected or failed) by this delivery. */
    DROPS_RECEIVED("DropsReceived", Unit.COUNT),
    BATCHES_SUBMITTED("BatchesSubmitted", Unit.COUNT),
    FILES_REJECTED("FilesRejected", Unit.COUNT),
    SUBMISSIONS_FAILED("SubmissionsFailed", Unit.COUNT),
    /** A repeated delivery of an event whose drop was already settled. */
    DUPLICATES_SKIPPED("DuplicatesSkipped", Unit.COUNT),
    /** The entries of a submitted batch (one run each). */
    RUNS_SUBMITTED("RunsSubmitted", Unit.COUNT),
    /** From opening the dropped file to the validator's last read. */
    VALIDATION_SECONDS("ValidationSeconds", Unit.SECONDS),
    VALIDATION_THROUGHPUT("ValidationThroughput", Unit.MEGABYTES_PER_SECOND),
    /** S3 event time to StartRunBatch accepted. */
    DROP_TO_SUBMITTED_SECONDS("DropToSubmittedSeconds", Unit.SECONDS),
    BATCHES_COMPLETED("BatchesCompleted", Unit.COUNT),
    BATCHES_FAILED("BatchesFailed", Unit.COUNT),
    BATCHES_CANCELLED("BatchesCancelled", Unit.COUNT),
    /** Entries of a finished batch whose run never started ({@code failedStartSubmissionCount}). */
    RUNS_FAILED_TO_START("RunsFailedToStart", Unit.COUNT),
    /** Runs of a finished batch that started and failed ({@code failedRunCount}). */
    RUNS_FAILED("RunsFailed", Unit.COUNT),
    /** Stuck drops the reconciler resumed or gave up on. */
    STUCK_DROPS_SWEPT("StuckDropsSwept", Unit.COUNT),
    /** Failed polls and announcements, and stuck drops the reconciler could not move. */
    RECONCILE_ERRORS("ReconcileErrors", Unit.COUNT);

    /** The namespace every metric is published in. */
    public static final String NAMESPACE = "OmicsDropzone";

    private final String metricName;
    private final Unit unit;

    Metric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** The CloudWatch units used here. */
    public enum Unit {
        COUNT("Count"),
        SECONDS("Seconds"),
        MEGABYTES_PER_SECOND("Megabytes/Second");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }
}
