package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.domain.Drop;

/**
 * Resumes a stuck drop by its requestId through {@link ResumeDrop}, whatever made the drop (an S3 event or a
 * re-drive). In AWS the reconciler invokes the submit function with a resume payload, so it needs no S3 or
 * StartRunBatch rights of its own; the CLI resumes in-process.
 */
@FunctionalInterface
public interface DropResumer {

    /** Starts (or performs) the resume of {@code drop.requestId()}; throws when it could not even be started. */
    void resume(Drop drop);
}
