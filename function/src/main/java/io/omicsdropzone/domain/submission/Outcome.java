package io.omicsdropzone.domain.submission;

import io.omicsdropzone.domain.batch.StartedBatch;

import java.util.List;

/** How a step decided the drop ends; {@link RecordOutcome} writes it. */
sealed interface Outcome {

    /** REJECTED: the file, or where it was dropped, is at fault; the uploader fixes it and drops it again. */
    record Rejected(long runCount, List<String> errors, long errorCount) implements Outcome {
        public Rejected {
            errors = List.copyOf(errors);
        }

        static Rejected because(String reason) {
            return new Rejected(0, List.of(reason), 1);
        }
    }

    /** FAILED: the dropzone could not submit it (a 403, settings that changed, a refused StartRunBatch). */
    record Failed(List<String> errors) implements Outcome {
        public Failed {
            errors = List.copyOf(errors);
        }
    }

    /** DUPLICATE: {@code holder} holds the same content (SHA-256 {@code sha256}) under the same key. */
    record Duplicate(String sha256, String holder) implements Outcome {
    }

    /** SUBMITTED: StartRunBatch started the batch (or returned the one it started for the requestId). */
    record Submitted(StartedBatch batch) implements Outcome {
    }
}
