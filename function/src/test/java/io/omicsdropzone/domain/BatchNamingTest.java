package io.omicsdropzone.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BatchNamingTest {

    @Test
    void batch_name_is_the_file_name_without_extension() {
        assertThat(BatchNaming.batchName("incoming/2026/plate 7 (rerun).json")).isEqualTo("plate 7 (rerun)");
    }

    @Test
    void batch_name_is_cut_to_64_code_points_and_control_characters_replaced() {
        String name = BatchNaming.batchName("in/" + "é".repeat(70) + ".json");
        assertThat(name.codePointCount(0, name.length())).isEqualTo(64);

        assertThat(BatchNaming.batchName("in/a\tb\u0001c.json")).isEqualTo("a_b_c");
    }

    @Test
    void batch_name_is_never_empty() {
        assertThat(BatchNaming.batchName("incoming/.json")).isEqualTo("run-settings");
    }

    @Test
    void tags_record_the_source_within_tag_limits() {
        DroppedObject object = new DroppedObject("in", "incoming/" + "x".repeat(400) + "&final#.json", "abc", 1, null, null);

        Map<String, String> tags = BatchNaming.batchTags(object, "rid");

        assertThat(tags).containsEntry("omics-dropzone:source-bucket", "in")
                .containsEntry("omics-dropzone:source-etag", "abc")
                .containsEntry("omics-dropzone:request-id", "rid");
        String key = tags.get("omics-dropzone:source-key");
        assertThat(key).hasSize(256).startsWith("...").endsWith("_final_.json");
        assertThat(tags.keySet()).allSatisfy(k -> assertThat(k.length()).isBetween(1, 128));
    }
}
