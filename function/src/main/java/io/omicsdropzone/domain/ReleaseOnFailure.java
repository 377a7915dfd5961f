package io.omicsdropzone.domain;


import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A step on a drop this invocation holds the lease of: when it fails, the lease is given back with the error (so a
 * retry or the sweep resumes the drop at once instead of waiting for the lease to run out) and the failure goes on.
 */
public final class ReleaseOnFailure {

    /** Gives the lease back, recording the error: the repositories' {@code releaseAfterRetryableError}. */
    @FunctionalInterface
    public interface Release {
        void release(Drop drop, String error, Instant now);
    }

    private ReleaseOnFailure() {
    }

    public static Drop run(Drop owned, Release release, Clock clock, UnaryOperator<Drop> step) {
        try {
            return step.apply(owned);
        } catch (RuntimeException e) {
            try {
                release.release(owned, e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
    }
}
