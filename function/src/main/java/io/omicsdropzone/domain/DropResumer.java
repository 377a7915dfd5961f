package io.omicsdropzone.domain;

/**
 * Resumes a stuck drop through the ordinary submit path (same object, so the same requestId and, at HealthOmics,
 * the same batch). In AWS the reconciler invokes the submit function, so it needs no S3 or StartRunBatch rights of
 * its own; the CLI resumes in-process.
 */
@FunctionalInterface
public interface DropResumer {

    /** Starts (or performs) the resume; throws when it could not even be started. */
    void resume(Drop drop);
}
