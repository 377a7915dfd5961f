package io.omicsdropzone.domain.submission;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.PipelineFingerprint;
import io.omicsdropzone.domain.pipeline.Pipelines;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Step 1 alone: which objects are drops, and which pipeline a claimed drop runs. */
class RouteDropTest {

    final Steps steps = new Steps();
    final RouteDrop route = new RouteDrop(Steps.PIPELINES, steps.snapshots);

    @Test
    void run_settings_files_and_sheets_are_drops_other_files_and_snapshots_are_not() {
        assertThat(route.accepts(Steps.event("incoming/wgs/cohort.json"))).isTrue();
        assertThat(route.accepts(Steps.event("incoming/wgs/cohort.csv"))).isTrue();
        assertThat(route.accepts(Steps.event("incoming/wgs/notes.txt"))).isFalse();
        assertThat(route.accepts(Steps.event("submitted/0123.json"))).isFalse();
        assertThat(route.accepts(Steps.event("submitted/0123/S1.csv"))).isFalse();
    }

    @Test
    void sheets_are_no_drops_when_no_pipeline_takes_them() {
        RouteDrop single = new RouteDrop(Pipelines.single(Steps.SETTING), steps.snapshots);

        assertThat(single.accepts(Steps.event("incoming/cohort.csv"))).isFalse();
        assertThat(single.accepts(Steps.event("incoming/cohort.json"))).isTrue();
    }

    @Test
    void a_drop_is_routed_by_its_key_named_and_fingerprinted_without_writing_anything() {
        Drop claimed = steps.claimed(Steps.event("incoming/rnaseq/cohort.json"));

        RouteDrop.Routed routed = route.route(claimed);

        assertThat(routed.ends()).isNull();
        assertThat(routed.pipeline().name()).isEqualTo("rnaseq");
        assertThat(routed.drop().pipeline()).isEqualTo("rnaseq");
        assertThat(routed.drop().ranWith()).isEqualTo(PipelineFingerprint.of(routed.pipeline().defaultRunSetting()));
        assertThat(steps.drops.get(claimed.requestId()).pipeline()).isNull(); // recorded with the next state only
    }

    @Test
    void the_one_pipeline_of_a_default_run_setting_is_not_named() {
        RouteDrop single = new RouteDrop(Pipelines.single(Steps.SETTING), steps.snapshots);

        RouteDrop.Routed routed = single.route(steps.claimed(Steps.event("incoming/cohort.json")));

        assertThat(routed.drop().pipeline()).isNull();
        assertThat(routed.drop().ranWith()).isEqualTo(PipelineFingerprint.of(Steps.SETTING));
    }

    @Test
    void a_key_under_no_prefix_ends_rejected_naming_the_known_prefixes() {
        Drop claimed = steps.claimed(Steps.event("incoming/other/cohort.json"));

        RouteDrop.Routed routed = route.route(claimed);

        assertThat(routed.pipeline()).isNull();
        assertThat(routed.ends()).isEqualTo(new Outcome.Rejected(0, List.of("the key is under no pipeline's prefix;"
                + " the known prefixes are incoming/rnaseq/, incoming/wgs/"), 1));
        assertThat(steps.drops.get(claimed.requestId()).status()).isEqualTo(DropStatus.RECEIVED);
    }

    @Test
    void a_resumed_drop_keeps_the_pipeline_recorded_on_it() {
        Drop recorded = steps.claimed(Steps.event("incoming/rnaseq/cohort.json")).withPipeline("wgs");

        assertThat(route.route(recorded).pipeline().name()).isEqualTo("wgs");
    }

    @Test
    void a_redrive_runs_the_settings_it_was_started_with_or_fails_when_they_are_gone() {
        Drop claimed = steps.claimed(Steps.event("incoming/rnaseq/cohort.json"));
        PipelineFingerprint today = PipelineFingerprint.of(Steps.PIPELINES.named("rnaseq").orElseThrow()
                .defaultRunSetting());
        PipelineFingerprint before = PipelineFingerprint.of(new DefaultRunSetting("3333333", null,
                "{\"workflowId\":\"3333333\",\"parameters\":{\"genome\":\"GRCh37\"}}"));

        RouteDrop.Routed same = route.route(Steps.redrive(claimed, "original", today));
        RouteDrop.Routed changed = route.route(Steps.redrive(claimed, "original", before));

        assertThat(same.ends()).isNull();
        assertThat(same.drop().ranWith()).isSameAs(today);
        assertThat(changed.ends()).isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.errors())
                .singleElement().asString().startsWith("the re-drive was started for workflow 3333333 with settings"
                        + " this configuration no longer has (pipeline rnaseq is now workflow 3333333)"));
    }
}
