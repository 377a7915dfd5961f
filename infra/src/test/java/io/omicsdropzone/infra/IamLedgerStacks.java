package io.omicsdropzone.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two deployments the end-to-end tests stand for, synthesized once each: {@link #single()} with one workflow
 * (what {@code LocalEnvironment.start()} configures: {@code DEFAULT_RUN_SETTING} on workflow 1234567) and
 * {@link #pipelines()} with the pipelines file {@code src/test/resources/iam-ledger/pipelines.json} (every workflow the
 * tests deploy). Both check inputs under the locations the tests' inputs live in, and name the operator role the CLI
 * tests run as among the snapshot writers.
 */
final class IamLedgerStacks {

    static final String WORKFLOW_ID = "1234567";
    // The tests' input buckets; example-omics-inputs and example-omics-refs hold the demo's FASTQs and references
    // (LocalEnvironment.demo, TryOutTest).
    static final String INPUT_LOCATIONS =
            "s3://lab/, s3://lab-raw/, s3://lab-input/, s3://example-omics-inputs/, s3://example-omics-refs/";

    private static JsonNode single;
    private static JsonNode pipelines;

    private IamLedgerStacks() {
    }

    static synchronized JsonNode single() {
        if (single == null) {
            single = SynthesizedStack.of(Map.of(
                    DropzoneConfig.WORKFLOW_ID, WORKFLOW_ID,
                    DropzoneConfig.INPUT_LOCATIONS, INPUT_LOCATIONS,
                    DropzoneConfig.CHECK_INPUTS, "true",
                    DropzoneConfig.SNAPSHOT_WRITER_ROLE_ARNS, IamNames.OPERATOR_ROLE_ARN)).json();
        }
        return single;
    }

    static synchronized JsonNode pipelines() {
        if (pipelines == null) {
            pipelines = SynthesizedStack.of(Map.of(
                    DropzoneConfig.PIPELINES_FILE,
                    Path.of("src", "test", "resources", "iam-ledger", "pipelines.json").toString(),
                    DropzoneConfig.INPUT_LOCATIONS, INPUT_LOCATIONS,
                    DropzoneConfig.CHECK_INPUTS, "true",
                    DropzoneConfig.SNAPSHOT_WRITER_ROLE_ARNS, IamNames.OPERATOR_ROLE_ARN)).json();
        }
        return pipelines;
    }
}
