package io.omicsdropzone.domain;

import io.omicsdropzone.domain.SubmitRepository.Claim;
import io.omicsdropzone.domain.SubmitRepository.Claimed;
import io.omicsdropzone.domain.SubmitRepository.Settled;
import io.omicsdropzone.domain.submission.SubmitDrop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way a stuck drop is resumed: by its requestId. A dropped file's drop continues where it stopped (validate,
 * snapshot, StartRunBatch with the same requestId); a re-drive's drop, whose requestId is not derived from any S3
 * object, first gets the snapshot of the runs it claimed ({@link RedriveCompletion}) if it stopped before writing it.
 * The reconciler's sweep and the submit function's resume payload both come here.
 */
public final class ResumeDrop {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeDrop.class);

    /** Writes a half-done re-drive's snapshot from its claims and marks it SUBMITTING, under the caller's lease. */
    @FunctionalInterface
    public interface RedriveCompletion {
        Drop complete(Drop owned);
    }

    private final SubmitRepository drops;
    private final SubmitDrop submit;
    private final RedriveCompletion redrives;
    private final Clock clock;
    private final Duration lease;

    public ResumeDrop(SubmitRepository drops, SubmitDrop submit, RedriveCompletion redrives, Clock clock,
                      Duration lease) {
        this.drops = drops;
        this.submit = submit;
        this.redrives = redrives;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * @return the drop after the resume; empty when no drop has that requestId
     * @throws DropBusyException when another invocation holds the drop's lease
     */
    public Optional<Drop> resume(String requestId, Instant deadline) {
        if (drops.find(requestId).isEmpty()) {
            LOG.warn("resume: no drop has requestId={}", requestId);
            return Optional.empty();
        }
        Claim claim = drops.claimExisting(requestId, clock.instant(), lease);
        if (claim instanceof Settled settled) {
            LOG.info("resume: requestId={} already {}", requestId, settled.drop().status());
            return Optional.of(settled.drop());
        }
        if (!(claim instanceof Claimed claimed)) {
            throw new DropBusyException(requestId);
        }
        Drop owned = claimed.drop();
        if (owned.redriveOf() != null && owned.snapshot() == null && !owned.status().terminal()) {
            owned = ReleaseOnFailure.run(owned, drops::releaseAfterRetryableError, clock, redrives::complete);
        }
        LOG.info("resume: requestId={} from {}", requestId, owned.status());
        return Optional.of(submit.resume(owned, deadline));
    }
}
