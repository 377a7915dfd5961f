package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Step 5: StartRunBatch for a SUBMITTING drop, with the drop's requestId as the client token: a call repeated after
 * a lost answer, a crash or a resume returns the batch the first call started. The batch reads the snapshot; its
 * tags and its runs' tags name the drop (and the pipeline, when pipelines are named).
 */
final class StartBatch {

    private static final Logger LOG = LoggerFactory.getLogger(StartBatch.class);

    private final RunBatchApi omics;
    private final Pipelines pipelines;
    private final Disclosure disclosure;

    StartBatch(RunBatchApi omics, Pipelines pipelines, Disclosure disclosure) {
        this.omics = omics;
        this.pipelines = pipelines;
        this.disclosure = disclosure;
    }

    /**
     * @return the batch started, or the drop FAILED when HealthOmics refused it in a way a retry cannot change
     * @throws BatchApiException when it failed in a retryable way (after the client's retries)
     */
    Outcome start(Drop submitting, Pipeline pipeline) {
        DroppedObject object = submitting.object();
        String name = pipelines.named() ? pipeline.name() : null;
        BatchRequest request = new BatchRequest(submitting.requestId(), submitting.batchName(), submitting.settingsUri(),
                pipeline.defaultRunSetting().withRunTags(BatchNaming.runTags(submitting.requestId(), name)),
                BatchNaming.batchTags(object, submitting.requestId(), disclosure, pipeline.batchTags(), name));
        try {
            StartedBatch batch = omics.startRunBatch(request);
            LOG.info("submitted: requestId={} batchId={} status={}", submitting.requestId(), batch.id(), batch.status());
            return new Outcome.Submitted(batch);
        } catch (BatchApiException e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("submission failed: requestId={} errorType={}", submitting.requestId(), e.errorType());
            return new Outcome.Failed(List.of(e.describe(disclosure)));
        }
    }
}
