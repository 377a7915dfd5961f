package io.omicsdropzone.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app ({@code cdk.json} runs it through {@code ./mvnw -pl infra -am -Psynth process-classes} from the
 * repository root):
 * one {@link DropzoneStack} deploying {@value #FUNCTION_JAR}, checked by the cdk-nag packs.
 */
public final class DropzoneApp {

    public static final String STACK_ID = "OmicsDropzone";
    public static final String FUNCTION_JAR = "function/target/function.jar";

    private DropzoneApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            DropzoneConfig config = DropzoneConfig.fromContext(app.getNode()::tryGetContext);
            Code code = functionCode(Path.of("").toAbsolutePath());
            new DropzoneStack(app, STACK_ID, new DropzoneStackProps(code, config, StackProps.builder()
                    .description("omics-dropzone: drop a run-settings file into S3, get a HealthOmics run batch, "
                            + "a DynamoDB record and SNS notifications")
                    .build()));
        } catch (DropzoneConfig.InvalidContextException | MissingFunctionJarException e) {
            // One readable message for the CDK CLI to show, not a Maven stack trace.
            System.err.println(e.getMessage());
            System.exit(2);
        }
        DropzoneNag.apply(app);
        app.synth();
    }

    /**
     * The function asset, looked up from the repository root (where {@code cdk} runs) or from {@code infra/}.
     *
     * @throws MissingFunctionJarException when the jar has not been built
     */
    static Code functionCode(Path workingDirectory) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(workingDirectory.resolve(FUNCTION_JAR));
        if (workingDirectory.getParent() != null) {
            candidates.add(workingDirectory.getParent().resolve(FUNCTION_JAR));
        }
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .map(jar -> Code.fromAsset(jar.normalize().toString()))
                .orElseThrow(() -> new MissingFunctionJarException(candidates));
    }

    /** The function jar is not there yet. */
    public static final class MissingFunctionJarException extends RuntimeException {
        MissingFunctionJarException(List<Path> lookedAt) {
            super(FUNCTION_JAR + " not found (looked at " + lookedAt
                    + "): run ./mvnw -DskipTests package first");
        }
    }
}
