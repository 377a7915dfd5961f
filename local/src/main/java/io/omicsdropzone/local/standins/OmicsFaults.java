package io.omicsdropzone.local.standins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the emulator has been told to get wrong: queued per-operation faults (the next N calls of an operation answer
 * an error or lose the connection), runs whose submission fails and runs that end FAILED. Thread-safe.
 */
final class OmicsFaults {

    /** One queued answer in place of (or, for {@code DROP_AFTER_PROCESSING}, after) the normal one. */
    record Queued(OmicsFault.Delivery delivery, int status, String type, String message) {

        static Queued of(OmicsFault fault) {
            return new Queued(fault.delivery(), fault.status(), fault.errorType(), fault.message());
        }

        OmicsException asError() {
            return new OmicsException(status, type, message);
        }
    }

    /** Why matching runs fail submission (ListRunsInBatch submissionFailureReason / Message). */
    record SubmissionFailure(Predicate<String> matcher, String reason, String message) {
    }

    private final Map<String, Deque<Queued>> queued = new HashMap<>();
    private final List<SubmissionFailure> submissionFailures = new ArrayList<>();
    private final List<Predicate<String>> runFailures = new ArrayList<>();

    synchronized void queue(String operation, int count, Queued fault) {
        if (!OmicsRouter.OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("unknown operation " + operation + "; expected one of " + OmicsRouter.OPERATIONS);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        Deque<Queued> queue = queued.computeIfAbsent(operation, key -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(fault);
        }
    }

    /** The fault for this call of {@code operation}, if one is queued; it is used up. */
    synchronized Optional<Queued> take(String operation) {
        Deque<Queued> queue = queued.get(operation);
        return Optional.ofNullable(queue == null ? null : queue.poll());
    }

    synchronized void failSubmissionOf(Predicate<String> runSettingIdMatcher, String reason, String message) {
        submissionFailures.add(new SubmissionFailure(Objects.requireNonNull(runSettingIdMatcher), reason, message));
    }

    synchronized void failRunsOf(Predicate<String> runSettingIdMatcher) {
        runFailures.add(Objects.requireNonNull(runSettingIdMatcher));
    }

    synchronized Optional<SubmissionFailure> submissionFailure(String runSettingId) {
        return submissionFailures.stream().filter(failure -> failure.matcher().test(runSettingId)).findFirst();
    }

    synchronized boolean runFails(String runSettingId) {
        return runFailures.stream().anyMatch(matcher -> matcher.test(runSettingId));
    }

    synchronized void clear() {
        queued.clear();
        submissionFailures.clear();
        runFailures.clear();
    }
}
