package io.omicsdropzone.domain.submission;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropBusyException;
import io.omicsdropzone.domain.DropStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * "The same content under the same key, whatever its ETag, versionId or multipart part size" starts at most one
 * batch. After a drop is validated (its SHA-256 known) and before anything is copied or submitted, it claims its
 * content with one conditional write (see {@link SubmitRepository#claimContent}):
 * <ul>
 *   <li>won (now, or by an earlier attempt of the same drop): the drop holds the content and goes on;</li>
 *   <li>held by a drop that ended REJECTED (its snapshot copy found the key changed): taken over, conditional on that
 *       holder, so it is never lost to a rejected drop;</li>
 *   <li>held by a drop with another terminal outcome: this drop ends DUPLICATE, pointing at the holder (recorded by
 *       {@link RecordOutcome});</li>
 *   <li>held by a drop still at work: waited for, as a busy lease is, then handed back to Lambda's retry.</li>
 * </ul>
 * Single-item conditional writes only, so at-least-once and concurrent deliveries agree on one holder.
 */
final class IdenticalContent {

    private static final Logger LOG = LoggerFactory.getLogger(IdenticalContent.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final SubmitRepository drops;
    private final Clock clock;
    private final SubmitDrop.Sleeper sleeper;

    IdenticalContent(SubmitRepository drops, Clock clock, SubmitDrop.Sleeper sleeper) {
        this.drops = drops;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Who holds the content: {@code drop} with its hash recorded (go on), or, with {@code duplicateOf}, another drop
     * that ended with it (this one ends DUPLICATE).
     */
    record Held(Drop drop, String duplicateOf) {
    }

    /**
     * @return the drop with its hash recorded when it holds the content; else the drop as it was and the holder
     * @throws DropBusyException when the holder is still at work at the deadline
     */
    Held claim(Drop drop, String sha256, Instant deadline) {
        Duration wait = FIRST_WAIT;
        while (true) {
            String holder = drops.claimContent(drop, sha256, clock.instant());
            if (holder.equals(drop.requestId())) {
                return new Held(drops.recordContent(drop, sha256, clock.instant()), null);
            }
            Optional<Drop> held = drops.find(holder);
            if (held.isEmpty() || held.get().status() == DropStatus.REJECTED) {
                // A rejected holder never submits; a missing one cannot (its item was removed by hand).
                if (drops.takeOverContent(drop, sha256, holder, clock.instant())) {
                    LOG.info("content: requestId={} takes over the content of {} (rejected)", drop.requestId(), holder);
                    return new Held(drops.recordContent(drop, sha256, clock.instant()), null);
                }
                continue; // another drop moved it first: read the new holder
            }
            Drop original = held.get();
            if (original.status().terminal()) {
                LOG.info("identical content: requestId={} is the content of {} ({}); no batch", drop.requestId(),
                        holder, original.status());
                return new Held(drop, holder);
            }
            if (clock.instant().plus(wait).isAfter(deadline)) {
                throw new DropBusyException(holder);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the drop holding the content", e);
            }
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }
}
