package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard shows what the functions write (namespace OmicsDropzone, dimension Function = each function's own
 * name) next to Lambda's and SQS's metrics; the rate alarms divide the right counts and take their thresholds from
 * context; the stack outputs the dashboard's address.
 */
class DropzoneDashboardTest {

    static Cfn cfn;
    static JsonNode template;
    static String submit;
    static String status;
    static String reconcile;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.minimal().json();
        cfn = new Cfn(template);
        submit = "${" + cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER) + "}";
        status = "${" + cfn.functionWithHandler(BatchTracking.STATUS_HANDLER) + "}";
        reconcile = "${" + cfn.functionWithHandler(BatchTracking.RECONCILE_HANDLER) + "}";
    }

    /** The dashboard body with its references rendered as ${LogicalId}, parsed as the console would. */
    static JsonNode body(Cfn of) throws Exception {
        String dashboard = of.onlyOfType("AWS::CloudWatch::Dashboard");
        return new ObjectMapper().readTree(Cfn.render(of.properties(dashboard).path("DashboardBody")));
    }

    static JsonNode widget(JsonNode body, String title) {
        List<JsonNode> found = StreamSupport.stream(body.path("widgets").spliterator(), false)
                .filter(w -> title.equals(w.path("properties").path("title").asText()))
                .toList();
        assertThat(found).as("widget %s", title).hasSize(1);
        return found.get(0).path("properties");
    }

    /**
     * A widget's metric rows as "Namespace MetricName Dimension=Value stat", math expressions as their text; CDK
     * writes "..." for a field repeated from the row above, which is resolved here.
     */
    static List<String> metrics(JsonNode widget) {
        List<String> rows = new ArrayList<>();
        List<String> previous = List.of();
        for (JsonNode row : widget.path("metrics")) {
            List<String> fields = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                JsonNode field = row.get(i);
                if (field.isObject()) {
                    field.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
                } else if (field.asText().equals("...")) {
                    fields.addAll(previous);
                } else {
                    fields.add(field.asText());
                }
            }
            if (options.containsKey("expression")) {
                rows.add("expression " + options.get("expression"));
                continue;
            }
            previous = fields;
            String metric = fields.get(0) + " " + fields.get(1) + (fields.size() > 3 ? " " + fields.get(2) + "="
                    + fields.get(3) : "");
            rows.add(metric + " " + options.getOrDefault("stat", "Average")
                    + (options.containsKey("visible") ? " hidden" : ""));
        }
        return rows;
    }

    static String own(String name, String function, String stat) {
        return "OmicsDropzone " + name + " Function=" + function + " " + stat;
    }

    /** The rows of a count written by the submit function or the reconciler, whichever decided the outcome. */
    static List<String> decided(String name) {
        String id = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        return List.of("expression FILL(" + id + "_0, 0) + FILL(" + id + "_1, 0)", own(name, submit, "Sum hidden"),
                own(name, reconcile, "Sum hidden"));
    }

    @Test
    void theTotalsAndOutcomeWidgetsCountTheDropsTheSubmitFunctionAndTheReconcilerSettled() throws Exception {
        JsonNode body = body(cfn);
        JsonNode totals = widget(body, "Totals over the dashboard's time range");
        assertThat(totals.path("setPeriodToTimeRange").asBoolean()).isTrue();
        List<String> expected = new ArrayList<>();
        for (String name : List.of("DropsReceived", "BatchesSubmitted", "RunsSubmitted", "FilesRejected",
                "SubmissionsFailed")) {
            expected.addAll(decided(name));
        }
        expected.add(own("DuplicatesSkipped", submit, "Sum"));
        assertThat(metrics(totals)).containsExactlyInAnyOrderElementsOf(expected);
        List<String> outcomes = new ArrayList<>();
        for (String name : List.of("DropsReceived", "BatchesSubmitted", "FilesRejected", "SubmissionsFailed")) {
            outcomes.addAll(decided(name));
        }
        outcomes.add(own("DuplicatesSkipped", submit, "Sum"));
        assertThat(metrics(widget(body, "Drop outcomes (per hour)"))).containsExactlyInAnyOrderElementsOf(outcomes);
    }

    @Test
    void validationAndLatencyWidgetsShowThroughputAndPercentiles() throws Exception {
        JsonNode body = body(cfn);
        assertThat(metrics(widget(body, "Validation throughput"))).containsExactly(
                own("ValidationThroughput", submit, "Average"), own("ValidationThroughput", submit, "Minimum"),
                own("ValidationSeconds", submit, "Maximum"));
        assertThat(metrics(widget(body, "Drop to submitted (S3 event to StartRunBatch accepted, seconds)")))
                .containsExactly(own("DropToSubmittedSeconds", submit, "p50"),
                        own("DropToSubmittedSeconds", submit, "p90"),
                        own("DropToSubmittedSeconds", submit, "Maximum"));
    }

    @Test
    void batchEndsAddWhatTheStatusFunctionAndTheReconcilerAnnounced() throws Exception {
        JsonNode body = body(cfn);
        List<String> batchOutcomes = metrics(widget(body, "Batch outcomes (per hour)"));
        assertThat(batchOutcomes).filteredOn(row -> row.startsWith("expression")).containsExactly(
                "expression FILL(batchesCompleted_0, 0) + FILL(batchesCompleted_1, 0)",
                "expression FILL(batchesFailed_0, 0) + FILL(batchesFailed_1, 0)",
                "expression FILL(batchesCancelled_0, 0) + FILL(batchesCancelled_1, 0)");
        for (String name : List.of("BatchesCompleted", "BatchesFailed", "BatchesCancelled")) {
            assertThat(batchOutcomes).contains(own(name, status, "Sum hidden"), own(name, reconcile, "Sum hidden"));
        }
        List<String> runs = metrics(widget(body, "Runs (per hour)"));
        assertThat(runs).containsAll(decided("RunsSubmitted"));
        assertThat(runs).contains(own("RunsFailedToStart", status, "Sum hidden"),
                own("RunsFailedToStart", reconcile, "Sum hidden"), own("RunsFailed", status, "Sum hidden"),
                own("RunsFailed", reconcile, "Sum hidden"));
        assertThat(metrics(widget(body, "Reconciler (per hour)"))).containsExactly(
                own("StuckDropsSwept", reconcile, "Sum"), own("ReconcileErrors", reconcile, "Sum"));
    }

    @Test
    void lambdaErrorsThrottlesAndFailureQueueDepthAreBesideThem() throws Exception {
        JsonNode body = body(cfn);
        List<String> functions = metrics(widget(body, "Function errors and throttles"));
        for (String function : List.of(submit, status, reconcile)) {
            assertThat(functions).contains("AWS/Lambda Errors FunctionName=" + function + " Sum",
                    "AWS/Lambda Throttles FunctionName=" + function + " Sum");
        }
        String submitQueue = "${" + cfn.outputTarget("SubmitFailuresQueueUrl") + ".QueueName}";
        String trackingQueue = "${" + cfn.outputTarget("TrackingFailuresQueueUrl") + ".QueueName}";
        assertThat(metrics(widget(body, "Failure queues (messages waiting)"))).containsExactly(
                "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=" + submitQueue + " Maximum",
                "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=" + trackingQueue + " Maximum");
        assertThat(widget(body, "Rate alarms").path("alarms")).hasSize(2);
    }

    /** The rate alarms by description prefix: rejection first, then submission failure. */
    static List<JsonNode> rateAlarms(Cfn of) {
        return of.ofType("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> alarm.path("Properties"))
                .filter(p -> p.has("Metrics"))
                .sorted((a, b) -> b.path("AlarmDescription").asText().compareTo(a.path("AlarmDescription").asText()))
                .toList();
    }

    @Test
    void rateAlarmsDivideOutcomeCountsOfTheSubmitFunctionAndTheReconcilerAndNotifyTheTopic() {
        String topic = "${" + cfn.outputTarget("TopicArn") + "}";
        List<JsonNode> alarms = rateAlarms(cfn);
        assertThat(alarms).hasSize(2);
        assertThat(alarms).extracting(p -> p.path("AlarmDescription").asText())
                .satisfiesExactlyInAnyOrder(
                        d -> assertThat(d).startsWith("omics-dropzone: more than 50% dropped files rejected"),
                        d -> assertThat(d).startsWith("omics-dropzone: more than 10% valid files HealthOmics refused"));
        List<String> partNames = new ArrayList<>();
        for (JsonNode alarm : alarms) {
            assertThat(Cfn.strings(alarm.path("AlarmActions"))).containsExactly(topic);
            assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.path("EvaluationPeriods").asInt()).isEqualTo(1);
            Map<String, String> parts = new LinkedHashMap<>();
            String expression = null;
            for (JsonNode query : alarm.path("Metrics")) {
                if (query.has("Expression")) {
                    expression = query.path("Expression").asText();
                    continue;
                }
                JsonNode stat = query.path("MetricStat");
                assertThat(stat.path("Stat").asText()).isEqualTo("Sum");
                assertThat(stat.path("Period").asInt()).isEqualTo(3600);
                assertThat(stat.path("Metric").path("Namespace").asText()).isEqualTo("OmicsDropzone");
                JsonNode dimension = stat.path("Metric").path("Dimensions").get(0);
                assertThat(dimension.path("Name").asText()).isEqualTo("Function");
                String function = query.path("Id").asText().endsWith("_0") ? submit : reconcile;
                assertThat(Cfn.render(dimension.path("Value"))).isEqualTo(function);
                parts.put(query.path("Id").asText(), stat.path("Metric").path("MetricName").asText());
            }
            String whole = "FILL(whole_0, 0) + FILL(whole_1, 0)";
            assertThat(expression).isEqualTo("IF((" + whole + ") > 0, 100 * (FILL(part_0, 0) + FILL(part_1, 0)) / ("
                    + whole + "), 0)");
            assertThat(parts).containsEntry("whole_0", "DropsReceived").containsEntry("whole_1", "DropsReceived")
                    .containsOnlyKeys("part_0", "part_1", "whole_0", "whole_1");
            assertThat(parts.get("part_0")).isEqualTo(parts.get("part_1"));
            partNames.add(parts.get("part_0"));
        }
        assertThat(partNames).containsExactlyInAnyOrder("FilesRejected", "SubmissionsFailed");
    }

    @Test
    void rateThresholdsAreContextKeys() {
        assertThat(rateAlarms(cfn)).extracting(p -> p.path("Threshold").asInt()).containsExactlyInAnyOrder(50, 10);
        Cfn full = new Cfn(SynthesizedStack.full().json());
        List<JsonNode> alarms = rateAlarms(full);
        assertThat(alarms).filteredOn(p -> p.path("AlarmDescription").asText().contains("rejected"))
                .singleElement().satisfies(p -> assertThat(p.path("Threshold").asInt()).isEqualTo(30));
        assertThat(alarms).filteredOn(p -> p.path("AlarmDescription").asText().contains("refused"))
                .singleElement().satisfies(p -> assertThat(p.path("Threshold").asInt()).isEqualTo(5));
    }

    @Test
    void theStackOutputsTheDashboardsConsoleAddress() {
        String dashboard = cfn.onlyOfType("AWS::CloudWatch::Dashboard");
        assertThat(Cfn.render(template.path("Outputs").path("DashboardUrl").path("Value"))).isEqualTo(
                "https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}"
                        + "#dashboards/dashboard/${" + dashboard + "}");
    }
}
