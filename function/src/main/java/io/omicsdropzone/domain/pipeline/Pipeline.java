package io.omicsdropzone.domain.pipeline;

import io.omicsdropzone.samplesheet.SampleSheetTemplate;

import java.util.Map;
import java.util.Optional;

/**
 * One workflow the dropzone runs: files dropped under {@link #keyPrefix} become batches with its
 * {@code defaultRunSetting}, its batch tags, and (for {@code .csv}/{@code .tsv}) its samplesheet template.
 *
 * @param name        1–64 of letters, digits, '-' and '_'; recorded on the item, the notifications and the batch tags
 * @param keyPrefix   the full key prefix (under the upload prefix, ending in '/'); "" only for the one pipeline built
 *                    from today's single {@code DEFAULT_RUN_SETTING}
 * @param batchTags   added to the batch's own tags
 * @param samplesheet empty when the pipeline takes run-settings JSON only
 * @param checkInputs whether pre-flight checks this pipeline's input files; empty: the deployment's
 *                    {@code CHECK_INPUTS}
 */
public record Pipeline(String name, String keyPrefix, DefaultRunSetting defaultRunSetting,
                       Map<String, String> batchTags, Optional<SampleSheetTemplate> samplesheet,
                       Optional<Boolean> checkInputs) {

    public Pipeline {
        batchTags = Map.copyOf(batchTags);
    }

    /** A pipeline that follows the deployment's {@code CHECK_INPUTS}. */
    public Pipeline(String name, String keyPrefix, DefaultRunSetting defaultRunSetting, Map<String, String> batchTags,
                    Optional<SampleSheetTemplate> samplesheet) {
        this(name, keyPrefix, defaultRunSetting, batchTags, samplesheet, Optional.empty());
    }

    /** Whether {@code key} is under this pipeline's prefix. */
    public boolean covers(String key) {
        return key.startsWith(keyPrefix);
    }

    /** The role HealthOmics runs this pipeline's workflows as. */
    public String serviceRoleArn() {
        return defaultRunSetting.roleArn();
    }
}
