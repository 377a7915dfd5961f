package io.omicsdropzone.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * A {@link DropzoneStack} synthesized once per context and shared by the test classes (a synth takes seconds):
 * the App gets the feature flags of the repository's {@code cdk.json}, a small stand-in function asset instead of
 * the real jar, and the cdk-nag packs exactly as {@link DropzoneApp} applies them.
 */
final class SynthesizedStack {

    static final String WORKFLOW_ID = "1234567";

    /** Only the required key: every default. */
    static final Map<String, Object> MINIMAL_CONTEXT = Map.of(DropzoneConfig.WORKFLOW_ID, WORKFLOW_ID);

    /** Every optional key set, existing buckets and an explicit output location included. */
    static final Map<String, Object> FULL_CONTEXT = Map.ofEntries(
            Map.entry(DropzoneConfig.WORKFLOW_ID, "7654321"),
            Map.entry(DropzoneConfig.WORKFLOW_VERSION_NAME, "v2"),
            Map.entry(DropzoneConfig.WORKFLOW_TYPE, "PRIVATE"),
            Map.entry(DropzoneConfig.RUN_GROUP_ID, "5550001"),
            Map.entry(DropzoneConfig.STORAGE_TYPE, "STATIC"),
            Map.entry(DropzoneConfig.STORAGE_CAPACITY, "2400"),
            Map.entry(DropzoneConfig.CACHE_ID, "8880001"),
            Map.entry(DropzoneConfig.CACHE_BEHAVIOR, "CACHE_ON_FAILURE"),
            Map.entry(DropzoneConfig.LOG_LEVEL, "ALL"),
            Map.entry(DropzoneConfig.RETENTION_MODE, "REMOVE"),
            Map.entry(DropzoneConfig.PRIORITY, 10),
            Map.entry(DropzoneConfig.OUTPUT_URI, "s3://lab-results/omics/out"),
            Map.entry(DropzoneConfig.INPUT_BUCKET_NAME, "lab-dropzone"),
            Map.entry(DropzoneConfig.UPLOAD_PREFIX, "batches/"),
            Map.entry(DropzoneConfig.NONCURRENT_VERSION_DAYS, "90"),
            Map.entry(DropzoneConfig.NOTIFICATION_EMAIL, "omics-team@example.org"),
            Map.entry(DropzoneConfig.ECR_REPOSITORY_ARNS,
                    "arn:aws:ecr:us-east-1:111122223333:repository/bwa, "
                            + "arn:aws:ecr:us-east-1:111122223333:repository/gatk/haplotypecaller"),
            Map.entry(DropzoneConfig.RECONCILE_MINUTES, "30"),
            Map.entry(DropzoneConfig.RECONCILE_MAX_BATCHES, "20"),
            Map.entry(DropzoneConfig.LOG_RETENTION_DAYS, "2557"),
            Map.entry(DropzoneConfig.RESERVED_CONCURRENCY, "5"),
            // A JSON boolean, as cdk.json would hold it.
            Map.entry(DropzoneConfig.PHI_SAFE, true),
            Map.entry(DropzoneConfig.STUCK_DROP_AFTER, "PT45M"),
            Map.entry(DropzoneConfig.GIVE_UP_AFTER, "P2D"),
            Map.entry(DropzoneConfig.RECONCILE_QUIET_PERIOD, "PT10M"),
            Map.entry(DropzoneConfig.REJECTION_RATE_ALARM_PERCENT, "30"),
            Map.entry(DropzoneConfig.FAILURE_RATE_ALARM_PERCENT, 5),
            Map.entry(DropzoneConfig.INPUT_LOCATIONS, "s3://lab-raw/run42/, s3://lab-raw/run43/,s3://lab-ref"),
            Map.entry(DropzoneConfig.CHECK_INPUTS, "true"));

    /** The sample pipelines file of events/ (three pipelines, two with samplesheets, one with its own role). */
    static final Map<String, Object> PIPELINES_CONTEXT = Map.of(DropzoneConfig.PIPELINES_FILE,
            Path.of("..", "events", "pipelines", "pipelines.json").toString());

    private static SynthesizedStack minimal;
    private static SynthesizedStack full;
    private static SynthesizedStack pipelines;

    final DropzoneStack stack;
    final Template template;
    final Annotations annotations;
    /** The cloud assembly, where cdk-nag writes its CSV compliance reports. */
    final Path assemblyDirectory;

    private SynthesizedStack(Map<String, Object> context) {
        Map<String, Object> appContext = new LinkedHashMap<>(cdkJsonContext());
        appContext.putAll(context);
        App app = new App(AppProps.builder().context(appContext).build());
        DropzoneConfig config = DropzoneConfig.fromContext(app.getNode()::tryGetContext);
        this.stack = new DropzoneStack(app, DropzoneApp.STACK_ID,
                new DropzoneStackProps(Code.fromAsset(standInAsset().toString()), config, null));
        DropzoneNag.apply(app);
        this.template = Template.fromStack(stack);
        this.annotations = Annotations.fromStack(stack);
        this.assemblyDirectory = Path.of(app.synth().getDirectory());
    }

    static synchronized SynthesizedStack minimal() {
        if (minimal == null) {
            minimal = new SynthesizedStack(MINIMAL_CONTEXT);
        }
        return minimal;
    }

    static synchronized SynthesizedStack full() {
        if (full == null) {
            full = new SynthesizedStack(FULL_CONTEXT);
        }
        return full;
    }

    static synchronized SynthesizedStack pipelines() {
        if (pipelines == null) {
            pipelines = new SynthesizedStack(PIPELINES_CONTEXT);
        }
        return pipelines;
    }

    /** Any context, synthesized afresh (not shared). */
    static SynthesizedStack of(Map<String, Object> context) {
        return new SynthesizedStack(context);
    }

    /** The template as JSON, for walking every resource. */
    JsonNode json() {
        return new ObjectMapper().valueToTree(template.toJSON());
    }

    /** The feature flags the real app runs with (surefire's working directory is infra/). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        Path cdkJson = Path.of("..", "cdk.json");
        try {
            Map<String, Object> root = new ObjectMapper().readValue(cdkJson.toFile(), Map.class);
            return (Map<String, Object>) root.get("context");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cdkJson.toAbsolutePath(), e);
        }
    }

    private static Path standInAsset() {
        try {
            Path dir = Files.createTempDirectory("dropzone-function-asset");
            Files.writeString(dir.resolve("README.txt"), "stand-in for function/target/function.jar in CDK tests\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
