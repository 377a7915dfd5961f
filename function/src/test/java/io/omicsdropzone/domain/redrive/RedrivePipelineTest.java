package io.omicsdropzone.domain.redrive;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.PipelineFingerprint;
import io.omicsdropzone.domain.pipeline.Pipelines;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17, gap 7: a re-drive runs the pipeline the original ran, whatever the environment it runs in. */
class RedrivePipelineTest {

    static final PipelinesFile.Defaults DEFAULTS = new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack",
            "s3://out/runs/");
    static final Pipelines FILE = PipelinesFile.parse("""
            {"pipelines": [
              {"name": "runs", "keyPrefix": "incoming/", "defaultRunSetting": {"workflowId": "1234567"}},
              {"name": "rnaseq", "keyPrefix": "incoming/rnaseq/",
               "serviceRoleArn": "arn:aws:iam::123456789012:role/rnaseq-omics",
               "defaultRunSetting": {"workflowId": "3333333"}}]}""", DEFAULTS);
    static final DefaultRunSetting DEFAULT = new DefaultRunSetting("1234567", "arn:aws:iam::123456789012:role/omics",
            "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics\"}");

    static Drop ranOn(String pipeline, DefaultRunSetting setting, String key) {
        DroppedObject object = new DroppedObject("dropzone-input", key, "etag", 10, null, null);
        return new Drop(object.requestId(), DropStatus.SUBMITTED, object, "name", 3, "7000001", null, "PROCESSED",
                List.of(), 0, 0, null, null, null, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, null, null,
                null, List.of(), Set.of(), pipeline, null, null, PipelineFingerprint.of(setting));
    }

    static DefaultRunSetting rnaseq(Pipelines pipelines) {
        return pipelines.named("rnaseq").orElseThrow().defaultRunSetting();
    }

    @Test
    void an_rnaseq_drop_redriven_where_only_default_run_setting_is_configured_is_refused() {
        Drop original = ranOn("rnaseq", rnaseq(FILE), "incoming/rnaseq/cohort.json");

        RedrivePipeline.Choice choice = RedrivePipeline.choose(Pipelines.single(DEFAULT), original, false);

        assertThat(choice).isInstanceOf(RedrivePipeline.Refused.class);
        assertThat(((RedrivePipeline.Refused) choice).reason()).contains("pipeline 'rnaseq'", "workflow 3333333",
                "--use-current-pipeline");
    }

    @Test
    void with_use_current_pipeline_the_operator_gets_the_pipeline_the_key_routes_to_now() {
        Drop original = ranOn("rnaseq", rnaseq(FILE), "incoming/rnaseq/cohort.json");

        RedrivePipeline.Choice choice = RedrivePipeline.choose(Pipelines.single(DEFAULT), original, true);

        assertThat(((RedrivePipeline.Run) choice).pipeline().defaultRunSetting().workflowId()).isEqualTo("1234567");
    }

    @Test
    void the_recorded_pipeline_is_found_by_name_not_by_where_its_key_routes_today() {
        Drop original = ranOn("rnaseq", rnaseq(FILE), "incoming/moved/cohort.json"); // routes to "runs" today

        RedrivePipeline.Choice choice = RedrivePipeline.choose(FILE, original, false);

        RedrivePipeline.Run run = (RedrivePipeline.Run) choice;
        assertThat(run.pipeline().name()).isEqualTo("rnaseq");
        assertThat(run.pipeline().serviceRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/rnaseq-omics");
        assertThat(run.named()).isTrue();
    }

    @Test
    void a_pipeline_whose_workflow_changed_is_refused_unless_asked_for() {
        Drop original = ranOn("rnaseq", rnaseq(FILE), "incoming/rnaseq/cohort.json");
        Pipelines changed = PipelinesFile.parse("""
                {"pipelines": [{"name": "rnaseq", "keyPrefix": "incoming/rnaseq/",
                                "defaultRunSetting": {"workflowId": "4444444"}}]}""", DEFAULTS);

        assertThat(RedrivePipeline.choose(changed, original, false)).isInstanceOfSatisfying(
                RedrivePipeline.Refused.class, refused -> assertThat(refused.reason())
                        .contains("workflow is now 4444444"));
        assertThat(RedrivePipeline.choose(changed, original, true)).isInstanceOf(RedrivePipeline.Run.class);
    }

    @Test
    void a_drop_of_a_default_run_setting_deployment_finds_the_pipeline_with_its_settings_in_a_pipelines_file() {
        Drop original = ranOn(null, FILE.named("runs").orElseThrow().defaultRunSetting(), "incoming/rnaseq/x.json");

        RedrivePipeline.Run run = (RedrivePipeline.Run) RedrivePipeline.choose(FILE, original, false);

        assertThat(run.pipeline().name()).isEqualTo("runs");
    }
}
