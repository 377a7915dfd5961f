package io.omicsdropzone.metrics;

import java.util.Map;

/** Where measurements go: one call is one metrics document (one EMF log line) whose values share a timestamp. */
@FunctionalInterface
public interface MetricsSink {

    /** For tests and processes that publish no metrics. */
    MetricsSink NONE = values -> {
    };

    void emit(Map<Metric, ? extends Number> values);
}
