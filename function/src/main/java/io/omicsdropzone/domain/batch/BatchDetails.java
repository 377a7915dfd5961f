package io.omicsdropzone.domain.batch;

import java.time.Instant;
import java.util.Map;

/**
 * What GetBatch says about who a batch belongs to, beside its state: the batch's {@code tags} and its
 * {@code defaultRunSetting.runTags}, both of which carry {@link BatchNaming#REQUEST_ID_TAG} for a dropzone batch.
 */
public record BatchDetails(BatchObservation observation, String name, Instant creationTime, Map<String, String> tags,
                           Map<String, String> runTags) {

    public BatchDetails {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        runTags = runTags == null ? Map.of() : Map.copyOf(runTags);
    }

    /** Whether this batch was started for {@code requestId} (the request-id tag on the batch or on its runs). */
    public boolean startedFor(String requestId) {
        String tag = BatchNaming.tagValue(requestId);
        return tag.equals(tags.get(BatchNaming.REQUEST_ID_TAG)) || tag.equals(runTags.get(BatchNaming.REQUEST_ID_TAG));
    }

    /** The batch as StartRunBatch would have answered for it. */
    public StartedBatch started() {
        return new StartedBatch(observation.batchId(), observation.batchArn(), observation.status(), null);
    }
}
