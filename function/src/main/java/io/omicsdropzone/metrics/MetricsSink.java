package io.omicsdropzone.metrics;

import java.util.Map;

/** Where measurements go: one call is one metrics document (one EMF log line) whose values share a timestamp. */
@FunctionalInterface
public interface MetricsSink {

    /** For tests and processes that publish no metrics. */
    MetricsSink NONE = values -> {
    };

    void emit(Map<Metric, ? extends Number> values);

    /**
     * The same destination with one more dimension, e.g. the pipeline a drop was routed to. A sink without
     * dimensions (such as {@link #NONE}) ignores it.
     */
    default MetricsSink withDimension(String name, String value) {
        return this;
    }
}
