package io.omicsdropzone.infra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A pipelines file naming nf-core schemas: the layer carries them beside the file, at the same relative paths. */
class DeployedPipelinesSchemaTest {

    static final Path FILE = Path.of("..", "events", "pipelines", "nf-core.json");

    @Test
    void the_layer_holds_the_file_and_every_schema_it_names() throws IOException {
        List<String> problems = new ArrayList<>();
        DeployedPipelines pipelines = DeployedPipelines.load("pipelinesFile", FILE.toString(), "incoming/", problems)
                .orElseThrow(() -> new AssertionError(problems));

        Path layer = pipelines.layerDirectory();

        assertThat(pipelines.schemaFiles()).containsExactly("nf-core/rnaseq_schema_input.json",
                "nf-core/sarek_schema_input.json");
        assertThat(Files.readString(layer.resolve(DeployedPipelines.FILE_NAME))).isEqualTo(Files.readString(FILE));
        for (String schema : pipelines.schemaFiles()) {
            assertThat(layer.resolve(schema)).hasSameTextualContentAs(FILE.getParent().resolve(schema));
        }
    }

    @Test
    void a_schema_that_cannot_be_read_fails_the_synth_naming_pipeline_and_path(@org.junit.jupiter.api.io.TempDir
                                                                                Path folder) throws IOException {
        Path file = folder.resolve("p.json");
        Files.writeString(file, """
                {"pipelines": [{"name": "rnaseq", "keyPrefix": "incoming/rnaseq/",
                  "defaultRunSetting": {"workflowId": "1"}, "samplesheet": {"schema": "missing.json"}}]}""");
        List<String> problems = new ArrayList<>();

        assertThat(DeployedPipelines.load("pipelinesFile", file.toString(), "incoming/", problems)).isEmpty();

        assertThat(problems).singleElement().asString().contains("pipeline 'rnaseq': samplesheet.schema: cannot read"
                + " missing.json");
    }
}
