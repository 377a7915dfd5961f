package io.omicsdropzone.domain.batch;

import io.omicsdropzone.domain.pipeline.DefaultRunSetting;

import java.util.Map;

/**
 * A StartRunBatch call with {@code batchRunSettings.s3UriSettings}.
 *
 * @param defaultRunSetting the DefaultRunSetting as validated JSON (from configuration)
 */
public record BatchRequest(String requestId, String batchName, String s3UriSettings, DefaultRunSetting defaultRunSetting,
                           Map<String, String> tags) {

    public BatchRequest {
        tags = Map.copyOf(tags);
    }
}
