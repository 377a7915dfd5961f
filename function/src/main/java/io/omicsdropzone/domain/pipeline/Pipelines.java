package io.omicsdropzone.domain.pipeline;


import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's pipelines and which one a dropped key belongs to: the one with the longest key prefix the key
 * starts with, so {@code incoming/wgs/tumor/} can refine {@code incoming/wgs/}. Prefixes are unique (checked when the
 * pipelines file is loaded), so the choice is never ambiguous.
 */
public final class Pipelines {

    /** The pipeline built from today's single {@code DEFAULT_RUN_SETTING}. */
    public static final String DEFAULT_NAME = "default";

    private final List<Pipeline> all;
    private final List<Pipeline> longestPrefixFirst;
    private final boolean named;

    /** The pipelines of a pipelines file. */
    public Pipelines(List<Pipeline> pipelines) {
        this(pipelines, true);
    }

    private Pipelines(List<Pipeline> pipelines, boolean named) {
        this.named = named;
        if (pipelines.isEmpty()) {
            throw new IllegalArgumentException("at least one pipeline is required");
        }
        this.all = List.copyOf(pipelines);
        this.longestPrefixFirst = all.stream()
                .sorted(Comparator.comparingInt((Pipeline p) -> p.keyPrefix().length()).reversed()).toList();
    }

    /**
     * Today's configuration as a one-pipeline file: every key the S3 notification delivers (the upload prefix is
     * filtered there) goes to it, without batch tags or samplesheet.
     */
    public static Pipelines single(DefaultRunSetting setting) {
        return new Pipelines(List.of(new Pipeline(DEFAULT_NAME, "", setting, Map.of(), Optional.empty())), false);
    }

    /**
     * Whether the pipelines come from a pipelines file, so their names go on items, notifications and tags. The one
     * pipeline of {@code DEFAULT_RUN_SETTING} is not named anywhere: those deployments see what they saw before.
     */
    public boolean named() {
        return named;
    }

    /** The pipeline {@code key} belongs to, or empty when it is under no pipeline's prefix. */
    public Optional<Pipeline> route(String key) {
        for (Pipeline pipeline : longestPrefixFirst) {
            if (pipeline.covers(key)) {
                return Optional.of(pipeline);
            }
        }
        return Optional.empty();
    }

    public Optional<Pipeline> named(String name) {
        return all.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** In the file's order. */
    public List<Pipeline> all() {
        return all;
    }

    /** The known prefixes, sorted, for the error of a key that matches none. */
    public List<String> prefixes() {
        return all.stream().map(Pipeline::keyPrefix).sorted().toList();
    }

    /** Whether any pipeline takes samplesheets. */
    public boolean acceptsSamplesheets() {
        return all.stream().anyMatch(p -> p.samplesheet().isPresent());
    }
}
