package io.omicsdropzone.validation;

import java.util.Optional;

/**
 * Where the input checks of a drop record how far they got, so a file too large to check in one invocation is
 * continued by the next attempt instead of started over. The content is opaque text (a small JSON document).
 */
public interface CheckProgressStore {

    /** Nothing is recorded and nothing found: each attempt starts over (the command line). */
    CheckProgressStore NONE = new CheckProgressStore() {
        @Override
        public Optional<String> load(String bucket, String requestId) {
            return Optional.empty();
        }

        @Override
        public void save(String bucket, String requestId, String progress) {
        }
    };

    /** The progress last saved for the drop, if any. */
    Optional<String> load(String bucket, String requestId);

    /** Replaces the drop's progress. */
    void save(String bucket, String requestId, String progress);
}
