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

    /** Inputs that all answer {@code answer}. */
    private static InputObjects everything(InputObjects.Existence answer) {
        return new InputObjects() {
            @Override
            public Existence object(String bucket, String key) {
                return answer;
            }

            @Override
            public Existence anyUnder(String bucket, String prefix) {
                return answer;
            }
        };
    }

    @Test
    void withInputsReplacesOnlyWhereInputsAreLookedUp() {
        CheckAttempt attempt = new CheckAttempt(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC),
                Instant.parse("2026-12-06T12:10:00Z"), CheckProgressStore.NONE, "dropzone-input", "r1", true);
        Preflight original = new Preflight(null, everything(InputObjects.Existence.MISSING),
                List.of("workflow problem"), 3, 2, attempt, new MemorySpool());
        InputObjects elsewhere = everything(InputObjects.Existence.FOUND);

        Preflight moved = original.withInputs(elsewhere);

        assertThat(moved.inputs()).isSameAs(elsewhere);
        assertThat(moved).usingRecursiveComparison().ignoringFields("inputs").isEqualTo(original);
        assertThat(moved.attempt()).as("the invocation's deadline and saved progress").isSameAs(attempt);
        assertThat(moved.minInputsToList()).isEqualTo(2);
    }
}
