package io.omicsdropzone.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The operator's view: what the functions report in the {@code OmicsDropzone} namespace (Embedded Metric Format
 * lines, dimension {@code Function} = the function's name) beside Lambda's and SQS's own metrics, and the two rate
 * alarms. Batch ends are announced by the status function or, for a missed event, by the reconciler, and drop
 * outcomes are decided by the submit function or, for a drop it gives up on, by the reconciler: their widgets and the
 * rate alarms add both.
 */
final class DropzoneDashboard extends Construct implements GroupingConstruct {

    static final String NAMESPACE = "OmicsDropzone";
    static final String FUNCTION_DIMENSION = "Function";
    /** The window the rate alarms judge: long enough to hold several drops, short enough to page the same day. */
    static final Duration RATE_PERIOD = Duration.hours(1);
    private static final Duration GRAPH_PERIOD = Duration.hours(1);

    private final Dashboard dashboard;

    DropzoneDashboard(Construct scope, String id, DropzoneConfig config, DropzoneStorage storage,
            IFunction submit, IFunction status, IFunction reconcile) {
        super(scope, id);
        ITopic topic = storage.alarmTopic();

        // A drop's outcome is decided by the submit function, or by the reconciler when it gives up on a stuck drop:
        // every outcome count adds both, so the rates and alarms see every drop.
        List<IFunction> deciders = List.of(submit, reconcile);
        Alarm rejectionRate = rateAlarm("RejectionRateAlarm", "FilesRejected", "DropsReceived", deciders,
                config.rejectionRateAlarmPercent(),
                "dropped files rejected by validation (of the drops received in the hour); the submitters got each "
                        + "file's errors by notification; a high rate points at a template or tool producing bad files",
                topic);
        Alarm failureRate = rateAlarm("SubmissionFailureRateAlarm", "SubmissionsFailed", "DropsReceived", deciders,
                config.failureRateAlarmPercent(),
                "valid files HealthOmics refused to start (of the drops received in the hour): check the workflow, "
                        + "the service role and quotas; the drops' errors are in the table (status command)",
                topic);

        List<IFunction> announcers = List.of(status, reconcile);
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.days(7))
                .build();
        dashboard.addWidgets(
                SingleValueWidget.Builder.create()
                        .title("Totals over the dashboard's time range")
                        .metrics(List.of(
                                summed("DropsReceived", deciders), summed("BatchesSubmitted", deciders),
                                summed("RunsSubmitted", deciders), summed("FilesRejected", deciders),
                                summed("SubmissionsFailed", deciders), sum("DuplicatesSkipped", submit)))
                        .setPeriodToTimeRange(true)
                        .width(24)
                        .build());
        dashboard.addWidgets(
                graph("Drop outcomes (per hour)", List.of(summed("DropsReceived", deciders),
                        summed("BatchesSubmitted", deciders), summed("FilesRejected", deciders),
                        summed("SubmissionsFailed", deciders), sum("DuplicatesSkipped", submit))),
                graph("Runs (per hour)", List.of(summed("RunsSubmitted", deciders),
                        summed("RunsFailedToStart", announcers), summed("RunsFailed", announcers))));
        dashboard.addWidgets(
                GraphWidget.Builder.create()
                        .title("Validation throughput")
                        .left(List.of(stat("ValidationThroughput", submit, "Average"),
                                stat("ValidationThroughput", submit, "Minimum")))
                        .right(List.of(stat("ValidationSeconds", submit, "Maximum")))
                        .width(12)
                        .build(),
                graph("Drop to submitted (S3 event to StartRunBatch accepted, seconds)", List.of(
                        stat("DropToSubmittedSeconds", submit, "p50"), stat("DropToSubmittedSeconds", submit, "p90"),
                        stat("DropToSubmittedSeconds", submit, "Maximum"))));
        dashboard.addWidgets(
                graph("Batch outcomes (per hour)", List.of(summed("BatchesCompleted", announcers),
                        summed("BatchesFailed", announcers), summed("BatchesCancelled", announcers))),
                graph("Reconciler (per hour)", List.of(sum("StuckDropsSwept", reconcile),
                        sum("ReconcileErrors", reconcile))));
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> throttles = new ArrayList<>();
        MetricOptions sumPerHour = MetricOptions.builder().statistic("Sum").period(GRAPH_PERIOD).build();
        for (IFunction function : List.of(submit, status, reconcile)) {
            errors.add(function.metricErrors(sumPerHour));
            throttles.add(function.metricThrottles(sumPerHour));
        }
        List<IMetric> queues = new ArrayList<>();
        for (IQueue queue : List.of(storage.submitFailures(), storage.trackingFailures())) {
            queues.add(queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                    .statistic("Maximum").period(Duration.minutes(5)).build()));
        }
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Function errors and throttles").left(errors).right(throttles)
                        .width(12).build(),
                graph("Failure queues (messages waiting)", queues));
        dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                .title("Rate alarms")
                .alarms(List.of(rejectionRate, failureRate))
                .width(24)
                .build());
    }

    Dashboard dashboard() {
        return dashboard;
    }

    /** The console address of the dashboard, for the stack output. */
    String url() {
        String region = Stack.of(this).getRegion();
        return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region
                + "#dashboards/dashboard/" + dashboard.getDashboardName();
    }

    private Alarm rateAlarm(String id, String part, String whole, List<IFunction> functions, int thresholdPercent,
            String what, ITopic topic) {
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        String parts = fills("part", part, functions, RATE_PERIOD, metrics);
        String wholes = fills("whole", whole, functions, RATE_PERIOD, metrics);
        MathExpression rate = MathExpression.Builder.create()
                .expression("IF((" + wholes + ") > 0, 100 * (" + parts + ") / (" + wholes + "), 0)")
                .usingMetrics(metrics)
                .label(part + " per " + whole + " (%)")
                .period(RATE_PERIOD)
                .build();
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription("omics-dropzone: more than " + thresholdPercent + "% " + what)
                .metric(rate)
                .threshold(thresholdPercent)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).build();
    }

    private static IMetric sum(String name, IFunction function) {
        return sum(name, function, GRAPH_PERIOD);
    }

    private static Metric sum(String name, IFunction function, Duration period) {
        return metric(name, function, "Sum", period);
    }

    private static IMetric stat(String name, IFunction function, String statistic) {
        return metric(name, function, statistic, GRAPH_PERIOD);
    }

    private static Metric metric(String name, IFunction function, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(FUNCTION_DIMENSION, function.getFunctionName()))
                .statistic(statistic)
                .period(period)
                .build();
    }

    /**
     * A count from whichever function wrote it: a batch end from the status function or the reconciler (whichever
     * announced it), a drop's outcome from the submit function or the reconciler (whichever decided it).
     */
    private static IMetric summed(String name, List<IFunction> writers) {
        // Ids are unique per graph, so they carry the metric's name.
        String prefix = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        Map<String, IMetric> parts = new LinkedHashMap<>();
        return MathExpression.Builder.create()
                .expression(fills(prefix, name, writers, GRAPH_PERIOD, parts))
                .usingMetrics(parts)
                .label(name)
                .period(GRAPH_PERIOD)
                .build();
    }

    /** {@code FILL(id_0, 0) + FILL(id_1, 0) ...}: the hourly sums of {@code name}, one per function, added to metrics. */
    private static String fills(String id, String name, List<IFunction> functions, Duration period,
            Map<String, IMetric> metrics) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            metrics.put(id + "_" + i, sum(name, functions.get(i), period));
            terms.add("FILL(" + id + "_" + i + ", 0)");
        }
        return String.join(" + ", terms);
    }
}
