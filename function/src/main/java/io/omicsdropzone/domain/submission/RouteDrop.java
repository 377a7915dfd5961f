package io.omicsdropzone.domain.submission;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.PipelineFingerprint;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.samplesheet.SheetFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Step 1: which objects are drops at all, and which pipeline a drop runs. Every dropped key is routed to the pipeline
 * with the longest prefix it starts with; a key under none is REJECTED. A drop keeps the pipeline it was first routed
 * to (a resume never switches), and a re-drive runs the settings chosen when it was started.
 */
final class RouteDrop {

    private static final Logger LOG = LoggerFactory.getLogger(RouteDrop.class);

    private final Pipelines pipelines;
    private final Snapshots snapshots;

    RouteDrop(Pipelines pipelines, Snapshots snapshots) {
        this.pipelines = pipelines;
        this.snapshots = snapshots;
    }

    /**
     * The drop with its pipeline named and its settings fingerprinted, and the pipeline; or, with {@code ends}, why
     * it cannot run (then {@code pipeline} is null).
     */
    record Routed(Drop drop, Pipeline pipeline, Outcome ends) {
    }

    /**
     * A run-settings file, or a samplesheet when a pipeline takes them, and not a snapshot (a bucket notification may
     * route the creation of a snapshot to the function too); anything else is ignored.
     */
    boolean accepts(DroppedObject object) {
        boolean sheet = pipelines.acceptsSamplesheets() && SheetFormat.forKey(object.key()).isPresent();
        if (!object.isRunSettingsFile() && !sheet) {
            LOG.info("ignored: not a .json key bucket={} keyHash={}", object.bucket(), object.keyHash());
            return false;
        }
        if (snapshots.covers(object.key())) {
            LOG.info("ignored: a snapshot, not a drop bucket={} keyHash={}", object.bucket(), object.keyHash());
            return false;
        }
        return true;
    }

    Routed route(Drop claimed) {
        Optional<Pipeline> found = pipelineOf(claimed);
        if (found.isEmpty()) {
            String reason = "the key is under no pipeline's prefix; the known prefixes are "
                    + String.join(", ", pipelines.prefixes());
            LOG.info("rejected: requestId={} reason={}", claimed.requestId(), reason);
            return new Routed(claimed, null, Outcome.Rejected.because(reason));
        }
        Pipeline pipeline = found.get();
        if (claimed.redriveOf() != null && claimed.ranWith() != null
                && !claimed.ranWith().matches(pipeline.defaultRunSetting())) {
            // A re-drive runs the settings chosen when it was started; this configuration has others.
            return new Routed(claimed, null, new Outcome.Failed(List.of("the re-drive was started for workflow "
                    + claimed.ranWith().workflowId() + " with settings this configuration no longer has (pipeline "
                    + pipeline.name() + " is now workflow " + pipeline.defaultRunSetting().workflowId()
                    + "); run redrive again, with --use-current-pipeline to use the current ones")));
        }
        Drop named = pipelines.named() ? claimed.withPipeline(pipeline.name()) : claimed;
        Drop drop = claimed.redriveOf() != null ? named
                : named.withRanWith(PipelineFingerprint.of(pipeline.defaultRunSetting()));
        return new Routed(drop, pipeline, null);
    }

    /**
     * The pipeline recorded on the drop (a resume keeps the one it was validated for), else the one its key routes
     * to; empty when the key is under no pipeline's prefix.
     */
    private Optional<Pipeline> pipelineOf(Drop drop) {
        if (drop.pipeline() != null) {
            Optional<Pipeline> recorded = pipelines.named(drop.pipeline());
            if (recorded.isPresent()) {
                return recorded;
            }
        }
        return pipelines.route(drop.object().key());
    }
}
