package io.omicsdropzone.local;

import io.omicsdropzone.json.JsonReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the EMF lines a local run writes (in Lambda they go to standard output and from there to CloudWatch Logs),
 * so the demo can print what each step produced and tests can read them back.
 */
public final class EmfCapture {

    private final List<String> lines = new ArrayList<>();

    public synchronized void accept(String line) {
        lines.add(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized int size() {
        return lines.size();
    }

    /**
     * One line as a reader sees it on the dashboard: {@code Function=... DropsReceived=1 Count, ...}. Metric names
     * and units come from the document's own directive, values from its root, as CloudWatch reads them.
     */
    @SuppressWarnings("unchecked")
    public static String describe(String line) {
        Map<String, Object> root = JsonReader.readObject(line);
        Map<String, Object> directive = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) root.get("_aws"))
                .get("CloudWatchMetrics")).get(0);
        Map<String, String> parts = new LinkedHashMap<>();
        List<List<String>> sets = (List<List<String>>) directive.get("Dimensions");
        sets.get(sets.size() - 1).forEach(dimension -> parts.put(dimension, String.valueOf(root.get(dimension))));
        for (Object definition : (List<Object>) directive.get("Metrics")) {
            Map<String, Object> metric = (Map<String, Object>) definition;
            parts.put((String) metric.get("Name"), root.get(metric.get("Name")) + " " + metric.get("Unit"));
        }
        StringBuilder text = new StringBuilder(directive.get("Namespace").toString()).append(':');
        parts.forEach((name, value) -> text.append(' ').append(name).append('=').append(value));
        return text.toString();
    }
}
