package io.omicsdropzone.validation;

import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pre-flight's settings: a check that looks inputs up elsewhere keeps the invocation's bounds and progress. */
class PreflightTest {

    private static final InputObjects NOTHING_EXISTS = new InputObjects() {
        @Override
        public Existence object(String bucket, String key) {
            return Existence.MISSING;
        }

        @Override
        public Existence anyUnder(String bucket, String prefix) {
            return Existence.MISSING;
        }
    };

    @Test
    void withInputsReplacesOnlyWhereInputsAreLookedUp() {
        CheckAttempt attempt = new CheckAttempt(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC),
                Instant.parse("2026-12-06T12:10:00Z"), CheckProgressStore.NONE, "dropzone-input", "r1", true);
        Preflight original = new Preflight(null, NOTHING_EXISTS, List.of("workflow problem"), 3, 2, attempt,
                new MemorySpool());
        InputObjects elsewhere = new InputObjects() {
            @Override
            public Existence object(String bucket, String key) {
                return Existence.FOUND;
            }

            @Override
            public Existence anyUnder(String bucket, String prefix) {
                return Existence.FOUND;
            }
        };

        Preflight moved = original.withInputs(elsewhere);

        assertThat(moved.inputs()).isSameAs(elsewhere);
        assertThat(moved).usingRecursiveComparison().ignoringFields("inputs").isEqualTo(original);
        assertThat(moved.attempt()).as("the invocation's deadline and saved progress").isSameAs(attempt);
        assertThat(moved.minInputsToList()).isEqualTo(2);
    }
}
