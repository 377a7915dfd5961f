package io.omicsdropzone.metrics;

import io.omicsdropzone.json.JsonWriter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes metrics in CloudWatch's Embedded Metric Format: one JSON object per line, which CloudWatch Logs turns into
 * metrics when Lambda ships the function's standard output
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Lambda.html).
 *
 * <p>A few dozen lines on the jackson-core generator the jar already has, instead of aws-embedded-metrics (which
 * brings jackson-databind and reflection at start-up): see docs/operations.md for the measured comparison.
 *
 * <p>Dimensions are ordered; the document declares every leading prefix as a dimension set ({@code [Function]},
 * then {@code [Function, Pipeline]} once a pipeline dimension is added), so dashboards can read per function and,
 * later, per pipeline without a SEARCH expression.
 */
public final class EmfWriter implements MetricsSink {

    public static final String FUNCTION_DIMENSION = "Function";

    private final Consumer<String> lines;
    private final Map<String, String> dimensions;
    private final Clock clock;

    /**
     * @param lines      receives each document as one line without the line break (stdout in Lambda)
     * @param dimensions name → value, in declaration order
     */
    public EmfWriter(Consumer<String> lines, Map<String, String> dimensions, Clock clock) {
        if (dimensions.isEmpty() || dimensions.size() > 30) {
            throw new IllegalArgumentException("EMF takes 1 to 30 dimensions, got " + dimensions.size());
        }
        this.lines = lines;
        this.dimensions = new LinkedHashMap<>(dimensions);
        this.clock = clock;
    }

    /** One dimension, {@code Function}: the Lambda function's name, or what a local process stands in for. */
    public static EmfWriter forFunction(Consumer<String> lines, String function, Clock clock) {
        return new EmfWriter(lines, Map.of(FUNCTION_DIMENSION, function), clock);
    }

    /** The same destination with one more dimension (e.g. the pipeline a drop was routed to). */
    @Override
    public EmfWriter withDimension(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(dimensions);
        more.put(name, value);
        return new EmfWriter(lines, more, clock);
    }

    @Override
    public void emit(Map<Metric, ? extends Number> values) {
        Map<Metric, Number> finite = new LinkedHashMap<>();
        // NaN and infinities are not JSON numbers, and CloudWatch would drop the whole document over one of them.
        values.forEach((metric, value) -> {
            if (value != null && Double.isFinite(value.doubleValue())) {
                finite.put(metric, value);
            }
        });
        if (!finite.isEmpty()) {
            lines.accept(document(finite));
        }
    }

    String document(Map<Metric, ? extends Number> values) {
        List<Map<String, Object>> definitions = new ArrayList<>();
        values.keySet().forEach(metric -> {
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("Name", metric.metricName());
            definition.put("Unit", metric.unit().cloudWatchName());
            definitions.add(definition);
        });
        List<String> names = List.copyOf(dimensions.keySet());
        List<List<String>> dimensionSets = new ArrayList<>();
        for (int length = 1; length <= names.size(); length++) {
            dimensionSets.add(names.subList(0, length));
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", Metric.NAMESPACE);
        directive.put("Dimensions", dimensionSets);
        directive.put("Metrics", definitions);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("Timestamp", clock.millis());
        metadata.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", metadata);
        document.putAll(dimensions);
        values.forEach((metric, value) -> document.put(metric.metricName(), value));
        return JsonWriter.write(document);
    }
}
