package io.omicsdropzone.domain.redrive;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.submission.SubmitRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a re-drive needs of the drops table. */
public interface RedriveRepository {

    Optional<Drop> find(String requestId);

    Optional<Drop> findByBatchId(String batchId);

    /**
     * Creates the re-drive's drop, already {@code SUBMITTING} with its snapshot, leased to the caller; when a drop
     * with that requestId exists it is claimed like any drop ({@link SubmitRepository#claim}).
     */
    SubmitRepository.Claim claimRedrive(Drop draft, Instant now, Duration lease);

    /** Records a retryable failure and gives up the lease, so the sweep (or the same command again) resumes at once. */
    void releaseAfterRetryableError(Drop drop, String error, Instant now);

    /** Adds {@code redriveRequestId} to the original's {@code redrives} (once). */
    void addRedrive(Drop original, String redriveRequestId, Instant now);
}
