package io.omicsdropzone.cli;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Follows one drop by its requestId in the drops table until it reaches what the caller waits for, printing each
 * change on stderr. The drop appears when the S3 event reaches the submit function (asynchronously, typically
 * seconds after the upload), so "not there yet" is normal until the deadline.
 */
final class DropFollower {

    /** How far to follow: the drop's own outcome, or also its batch's end. */
    enum Wait {
        SUBMITTED, ENDED;

        static Wait parse(String text) {
            return switch (text) {
                case "submitted" -> SUBMITTED;
                case "ended" -> ENDED;
                default -> throw new IllegalArgumentException("--wait takes submitted or ended, got " + text);
            };
        }
    }

    /** Where following stopped: the last record seen (null if none), and whether the deadline came first. */
    record Outcome(Drop drop, boolean timedOut, boolean duplicate) {
    }

    static final Set<String> BATCH_ENDS = Set.of("PROCESSED", "FAILED", "CANCELLED");

    /** Sleeps between looks; tests pass one that does not. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Follow no other drop. */
    static final Function<Drop, Optional<String>> NO_ORIGINAL = drop -> Optional.empty();
    /**
     * A DUPLICATE drop (the same bytes under the same key with another ETag: multipart, SSE-KMS) names the drop that
     * holds the content; its outcome is the upload's outcome, so the command follows that one instead.
     */
    static final Function<Drop, Optional<String>> HOLDER_OF_CONTENT = drop -> drop.status() == DropStatus.DUPLICATE
            ? Optional.ofNullable(drop.content().duplicateOf()) : Optional.empty();

    /** No linked re-upload drops. */
    static final BiFunction<String, Instant, Optional<String>> NO_REUPLOADS = (rejected, since) -> Optional.empty();

    private final Function<String, Optional<Drop>> find;
    private final Function<Drop, Optional<String>> originalOf;
    private final BiFunction<String, Instant, Optional<String>> reuploadOf;
    private final PrintStream progress;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollEvery;

    DropFollower(Function<String, Optional<Drop>> find, Function<Drop, Optional<String>> originalOf,
                 PrintStream progress, Clock clock, Sleeper sleeper, Duration pollEvery) {
        this(find, originalOf, NO_REUPLOADS, progress, clock, sleeper, pollEvery);
    }

    /**
     * @param reuploadOf given a REJECTED drop's requestId and the upload's start, the requestId of the drop the
     *                   dropzone made to validate that identical re-upload again ({@code reuploadOf}), once it exists
     */
    DropFollower(Function<String, Optional<Drop>> find, Function<Drop, Optional<String>> originalOf,
                 BiFunction<String, Instant, Optional<String>> reuploadOf, PrintStream progress, Clock clock,
                 Sleeper sleeper, Duration pollEvery) {
        this.find = find;
        this.originalOf = originalOf;
        this.reuploadOf = reuploadOf;
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
        this.pollEvery = pollEvery;
    }

    /**
     * @param uploadedAt when the upload started: a drop created before it is an earlier upload of the same content
     *                   (same key and ETag, so the same requestId), which the dropzone does not submit again
     */
    Outcome follow(String requestId, Wait wait, Instant deadline, Instant uploadedAt) throws InterruptedException {
        String following = requestId;
        String lastSeen = null;
        Drop drop = null;
        boolean duplicate = false;
        boolean revalidating = false;
        while (true) {
            if (revalidating) {
                // The earlier drop was rejected: the dropzone validates this identical upload again as a linked drop.
                Optional<String> linked = reuploadOf.apply(requestId, uploadedAt);
                if (linked.isPresent()) {
                    progress.println("validated again as requestId " + linked.get());
                    following = linked.get();
                    revalidating = false;
                    lastSeen = null;
                    continue;
                }
            } else {
                drop = find.apply(following).orElse(null);
            }
            if (drop != null && !revalidating) {
                boolean earlier = lastSeen == null && following.equals(requestId) && drop.createdAt() != null
                        && drop.createdAt().isBefore(uploadedAt);
                if (earlier && drop.status() == DropStatus.REJECTED && reuploadOf != NO_REUPLOADS) {
                    progress.println("an identical file was rejected at " + drop.createdAt() + " (requestId "
                            + following + "); waiting for the dropzone to validate this upload again");
                    revalidating = true;
                    lastSeen = "";
                } else {
                    if (earlier) {
                        duplicate = true;
                        progress.println("identical content was already dropped at " + drop.createdAt()
                                + " (requestId " + following + "): no second batch is started; following that drop");
                    }
                    String now = describe(drop);
                    if (!now.equals(lastSeen)) {
                        progress.println(clock.instant() + "  " + now);
                        lastSeen = now;
                    }
                    String self = drop.requestId();
                    Optional<String> original = drop.status().terminal()
                            ? originalOf.apply(drop).filter(id -> !id.equals(self)) : Optional.empty();
                    if (original.isPresent()) {
                        duplicate = true;
                        progress.println("identical content is held by requestId " + original.get()
                                + ": no second batch is started; following that drop");
                        following = original.get();
                        lastSeen = null;
                        continue;
                    }
                    if (reached(drop, wait)) {
                        return new Outcome(drop, false, duplicate);
                    }
                }
            } else if (drop == null && lastSeen == null) {
                progress.println(clock.instant() + "  waiting for the S3 event to reach the dropzone (requestId "
                        + following + ")");
                lastSeen = "";
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return new Outcome(drop, true, duplicate);
            }
            sleeper.sleep(left.compareTo(pollEvery) < 0 ? left : pollEvery);
        }
    }

    static boolean reached(Drop drop, Wait wait) {
        if (!drop.status().terminal()) {
            return false;
        }
        return drop.status() != DropStatus.SUBMITTED || wait == Wait.SUBMITTED
                || BATCH_ENDS.contains(drop.batchStatus());
    }

    /** One progress line: status, then the batch and its run counters once there is one. */
    static String describe(Drop drop) {
        StringBuilder line = new StringBuilder(drop.status().name());
        if (drop.batchId() != null) {
            line.append(", batch ").append(drop.batchId()).append(' ').append(drop.batchStatus());
            Long completed = drop.progress().counts().get("completedRunCount");
            Long failed = drop.progress().counts().get("failedRunCount");
            if (completed != null || failed != null) {
                line.append(" (").append(completed == null ? 0 : completed).append(" of ").append(drop.runCount())
                        .append(" runs completed, ").append(failed == null ? 0 : failed).append(" failed)");
            }
        }
        if (drop.attempts() > 0 && !drop.status().terminal()) {
            line.append(", ").append(drop.attempts()).append(" retried attempt(s): ").append(drop.lastError());
        }
        return line.toString();
    }
}
