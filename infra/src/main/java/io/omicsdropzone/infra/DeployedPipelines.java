package io.omicsdropzone.infra;

import io.omicsdropzone.config.ConfigException;
import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.json.JsonReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The pipelines file of {@code -c pipelinesFile=PATH}, checked at synth by the very class the function loads it with
 * ({@link PipelinesFile}), plus the rule only the stack knows: every key prefix lies under the upload prefix.
 *
 * <p>It reaches the function as {@value #LAYER_PATH}, in a Lambda layer of its own: read once at init (and so frozen
 * into the SnapStart snapshot, no call at run time), free of the 4 KB limit on environment variables, and versioned
 * with the function, since a changed file is a new layer version and so a new function version behind the alias.
 */
record DeployedPipelines(Path file, String text, Pipelines pipelines) {

    /** Where a layer's {@code pipelines.json} lands in the function's file system. */
    static final String LAYER_PATH = "/opt/pipelines.json";
    static final String FILE_NAME = "pipelines.json";
    /**
     * Stand in for the stack's service role and output location while checking at synth (the real ones are
     * CloudFormation tokens): a pipeline that names neither its own role nor outputUri is complete with them.
     */
    static final String SYNTH_ROLE_ARN = "arn:aws:iam::000000000000:role/stack-service-role";
    static final String SYNTH_OUTPUT_URI = "s3://stack-output-bucket/runs/";

    DeployedPipelines {
        Objects.requireNonNull(text, "text");
    }

    /** Reads and checks {@code file}, adding every problem to {@code problems}; empty when there were any. */
    static Optional<DeployedPipelines> load(String key, String file, String uploadPrefix, List<String> problems) {
        Path path = Path.of(file);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("Context '" + key + "': cannot read " + path.toAbsolutePath() + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        Pipelines pipelines;
        try {
            pipelines = PipelinesFile.parse(text, new PipelinesFile.Defaults(SYNTH_ROLE_ARN, SYNTH_OUTPUT_URI),
                    path.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            e.problems().forEach(problem -> problems.add("Context '" + key + "' (" + file + "): " + problem));
            return Optional.empty();
        }
        int before = problems.size();
        for (Pipeline pipeline : pipelines.all()) {
            if (!pipeline.keyPrefix().startsWith(uploadPrefix)) {
                problems.add("Context '" + key + "' (" + file + "): pipeline '" + pipeline.name() + "': keyPrefix "
                        + pipeline.keyPrefix() + " is not under the upload prefix " + uploadPrefix
                        + " (no S3 notification would deliver it)");
            }
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new DeployedPipelines(path, text, pipelines));
    }

    /** Whether some pipeline runs as the stack's own service role. */
    boolean usesStackRole() {
        return pipelines.all().stream().anyMatch(p -> p.serviceRoleArn().equals(SYNTH_ROLE_ARN));
    }

    /** The service roles pipelines name themselves, sorted. */
    List<String> ownRoleArns() {
        return pipelines.all().stream().map(Pipeline::serviceRoleArn).filter(arn -> !arn.equals(SYNTH_ROLE_ARN))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList();
    }

    /** The distinct values of a defaultRunSetting field across pipelines (e.g. workflowId, runGroupId), sorted. */
    List<String> settingValues(String field) {
        TreeSet<String> values = new TreeSet<>();
        for (Pipeline pipeline : pipelines.all()) {
            Map<String, Object> setting = JsonReader.readObject(pipeline.defaultRunSetting().json());
            String value = JsonReader.text(setting, field);
            if (value != null) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    /** {@code WORKFLOW_ID/version/NAME} of each pipeline that names a workflowVersionName, sorted. */
    List<String> workflowVersions() {
        TreeSet<String> versions = new TreeSet<>();
        for (Pipeline pipeline : pipelines.all()) {
            Map<String, Object> setting = JsonReader.readObject(pipeline.defaultRunSetting().json());
            String version = JsonReader.text(setting, "workflowVersionName");
            if (version != null) {
                versions.add(JsonReader.text(setting, "workflowId") + "/version/" + version);
            }
        }
        return List.copyOf(versions);
    }

    /** The samplesheet schema files the pipelines name, relative to the pipelines file's folder, sorted. */
    List<String> schemaFiles() {
        TreeSet<String> files = new TreeSet<>();
        for (Pipeline pipeline : pipelines.all()) {
            pipeline.samplesheet().map(sheet -> sheet.runs().schema()).filter(Objects::nonNull)
                    .map(schema -> schema.source()).filter(source -> !source.equals("inline")).ifPresent(files::add);
        }
        return List.copyOf(files);
    }

    /**
     * A directory holding {@value #FILE_NAME} and the schema files it names at the same relative paths (so the
     * function resolves them under /opt as the synth did beside the file), for the layer's asset (hashed by content,
     * so any path does).
     */
    Path layerDirectory() {
        try {
            Path directory = Files.createTempDirectory("omics-dropzone-pipelines");
            Files.writeString(directory.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
            directory.toFile().deleteOnExit();
            directory.resolve(FILE_NAME).toFile().deleteOnExit();
            Path folder = file.toAbsolutePath().getParent();
            for (String schema : schemaFiles()) {
                Path target = directory.resolve(schema);
                Files.createDirectories(target.getParent());
                Files.copy(folder.resolve(schema), target);
                target.toFile().deleteOnExit();
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the pipelines file for its layer", e);
        }
    }
}
