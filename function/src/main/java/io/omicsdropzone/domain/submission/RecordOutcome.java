package io.omicsdropzone.domain.submission;

import io.omicsdropzone.domain.Drop;

import java.time.Clock;

/**
 * Step 6: writes the outcome a step decided, as the lease owner (every write is conditional on the lease, so an
 * invocation that outlived it changes nothing).
 */
final class RecordOutcome {

    private final SubmitRepository drops;
    private final Clock clock;

    RecordOutcome(SubmitRepository drops, Clock clock) {
        this.drops = drops;
        this.clock = clock;
    }

    /** @return the drop as recorded, terminal */
    Drop record(Drop drop, Outcome outcome) {
        if (outcome instanceof Outcome.Rejected rejected) {
            return drops.recordRejected(drop, rejected.runCount(), rejected.errors(), rejected.errorCount(),
                    clock.instant());
        }
        if (outcome instanceof Outcome.Failed failed) {
            return drops.recordFailed(drop, failed.errors(), clock.instant());
        }
        if (outcome instanceof Outcome.Duplicate duplicate) {
            return drops.recordDuplicate(drop, duplicate.sha256(), duplicate.holder(), clock.instant());
        }
        return drops.recordSubmitted(drop, ((Outcome.Submitted) outcome).batch(), clock.instant());
    }
}
