package io.omicsdropzone.domain.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PipelinesTest {

    static Pipeline pipeline(String name, String prefix) {
        return new Pipeline(name, prefix, new DefaultRunSetting("1", "arn:aws:iam::123456789012:role/r", "{}"),
                Map.of(), Optional.empty());
    }

    final Pipelines pipelines = new Pipelines(List.of(pipeline("all", "incoming/"), pipeline("wgs", "incoming/wgs/"),
            pipeline("tumor", "incoming/wgs/tumor/"), pipeline("rnaseq", "incoming/rnaseq/")));

    @Test
    void the_longest_matching_prefix_wins_whatever_the_file_order() {
        assertThat(pipelines.route("incoming/wgs/tumor/batch-1.csv")).get().extracting(Pipeline::name)
                .isEqualTo("tumor");
        assertThat(pipelines.route("incoming/wgs/normal.json")).get().extracting(Pipeline::name).isEqualTo("wgs");
        assertThat(pipelines.route("incoming/rnaseq/x.tsv")).get().extracting(Pipeline::name).isEqualTo("rnaseq");
        assertThat(pipelines.route("incoming/other/x.json")).get().extracting(Pipeline::name).isEqualTo("all");
    }

    @Test
    void a_key_under_no_prefix_matches_nothing_and_the_prefixes_are_listed() {
        Pipelines narrow = new Pipelines(List.of(pipeline("wgs", "incoming/wgs/"), pipeline("rnaseq", "incoming/rnaseq/")));

        assertThat(narrow.route("incoming/wgsx/a.json")).isEmpty();
        assertThat(narrow.route("incoming/a.json")).isEmpty();
        assertThat(narrow.prefixes()).containsExactly("incoming/rnaseq/", "incoming/wgs/");
    }

    @Test
    void the_single_pipeline_of_today_s_configuration_takes_every_key() {
        Pipelines single = Pipelines.single(new DefaultRunSetting("1", "arn:aws:iam::123456789012:role/r", "{}"));

        assertThat(single.route("incoming/x.json")).get().extracting(Pipeline::name).isEqualTo("default");
        assertThat(single.route("elsewhere/y.json")).isPresent();
        assertThat(single.acceptsSamplesheets()).isFalse();
    }
}
