package io.omicsdropzone.domain.redrive;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.PipelineFingerprint;
import io.omicsdropzone.domain.pipeline.Pipelines;

import java.util.Optional;

/**
 * Which pipeline a re-drive runs: the one the original drop ran, found in today's configuration by its recorded name
 * (or, for a drop of a single-{@code DEFAULT_RUN_SETTING} deployment, by its recorded settings), never by where its
 * key routes today. When that pipeline is gone or its settings changed, the re-drive is refused unless the operator
 * asks for the current pipeline ({@code --use-current-pipeline}).
 */
public final class RedrivePipeline {

    private RedrivePipeline() {
    }

    /** The outcome: a pipeline to run, or why not. */
    public sealed interface Choice {
    }

    /** Run {@code pipeline}; {@code named} when its name goes on the items, notifications and tags. */
    public record Run(Pipeline pipeline, boolean named) implements Choice {
        public PipelineFingerprint fingerprint() {
            return PipelineFingerprint.of(pipeline.defaultRunSetting());
        }
    }

    public record Refused(String reason) implements Choice {
    }

    public static Choice choose(Pipelines current, Drop original, boolean useCurrent) {
        PipelineFingerprint ran = original.ranWith();
        Optional<Pipeline> same = recorded(current, original);
        String what = original.pipeline() != null ? "pipeline '" + original.pipeline() + "'"
                : "the deployment's DEFAULT_RUN_SETTING";
        String workflow = ran == null ? "" : " (workflow " + ran.workflowId() + ")";
        if (same.isPresent() && (ran == null || ran.matches(same.get().defaultRunSetting()))) {
            return new Run(same.get(), current.named());
        }
        if (useCurrent) {
            Optional<Pipeline> routed = same.isPresent() ? same : current.route(original.object().key());
            return routed.<Choice>map(p -> new Run(p, current.named())).orElseGet(() -> new Refused(
                    "no configured pipeline covers the key of the original drop, even with --use-current-pipeline"));
        }
        if (same.isEmpty()) {
            return new Refused("the original drop ran " + what + workflow + ", which this configuration does not"
                    + " have. Run redrive with the configuration that has it (PIPELINES_FILE), or add"
                    + " --use-current-pipeline to run the pipeline its key routes to now");
        }
        String now = same.get().defaultRunSetting().workflowId();
        return new Refused("the original drop ran " + what + workflow + "; its settings have changed since"
                + (now.equals(ran.workflowId()) ? " (same workflow, other defaultRunSetting)"
                : " (workflow is now " + now + ")") + ". Add --use-current-pipeline to run the current settings");
    }

    /** The original's pipeline in {@code current}: by name, else (unnamed drops) the pipeline with its settings. */
    private static Optional<Pipeline> recorded(Pipelines current, Drop original) {
        if (original.pipeline() != null) {
            return current.named() ? current.named(original.pipeline()) : Optional.empty();
        }
        if (!current.named()) {
            return Optional.of(current.all().get(0));
        }
        if (original.ranWith() == null) {
            return current.route(original.object().key()); // recorded before settings were kept: as before
        }
        return current.all().stream().filter(p -> original.ranWith().matches(p.defaultRunSetting())).findFirst();
    }
}
