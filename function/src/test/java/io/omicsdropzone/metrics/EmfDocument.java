package io.omicsdropzone.metrics;

import io.omicsdropzone.json.JsonReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One EMF line read back the way CloudWatch reads it: the directive under {@code _aws.CloudWatchMetrics}, the
 * dimension and metric values from the root (tests fail on anything the specification would refuse).
 */
public record EmfDocument(long timestamp, String namespace, List<List<String>> dimensionSets,
                          Map<String, String> units, Map<String, Object> root) {

    @SuppressWarnings("unchecked")
    public static EmfDocument parse(String line) {
        if (line.contains("\n")) {
            throw new AssertionError("an EMF document must be one line: " + line);
        }
        Map<String, Object> root = JsonReader.readObject(line);
        Map<String, Object> aws = (Map<String, Object>) root.get("_aws");
        List<Object> directives = (List<Object>) aws.get("CloudWatchMetrics");
        if (directives.size() != 1) {
            throw new AssertionError("one directive expected: " + line);
        }
        Map<String, Object> directive = (Map<String, Object>) directives.get(0);
        Map<String, String> units = new LinkedHashMap<>();
        for (Object definition : (List<Object>) directive.get("Metrics")) {
            Map<String, Object> metric = (Map<String, Object>) definition;
            units.put((String) metric.get("Name"), (String) metric.get("Unit"));
            if (!(root.get(metric.get("Name")) instanceof Number)) {
                throw new AssertionError("metric " + metric.get("Name") + " has no numeric root value: " + line);
            }
        }
        List<List<String>> sets = (List<List<String>>) (List<?>) directive.get("Dimensions");
        sets.forEach(set -> set.forEach(dimension -> {
            if (!(root.get(dimension) instanceof String)) {
                throw new AssertionError("dimension " + dimension + " has no string root value: " + line);
            }
        }));
        return new EmfDocument(((Number) aws.get("Timestamp")).longValue(), (String) directive.get("Namespace"),
                sets, units, root);
    }

    public double value(String metric) {
        return ((Number) root.get(metric)).doubleValue();
    }

    public String dimension(String name) {
        return (String) root.get(name);
    }
}
