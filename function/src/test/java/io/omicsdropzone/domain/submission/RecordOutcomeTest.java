package io.omicsdropzone.domain.submission;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.submission.SubmitRepository.LeaseLostException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step 6 alone: each outcome becomes its terminal state, written as the lease owner only. */
class RecordOutcomeTest {

    final Steps steps = new Steps();
    final RecordOutcome record = new RecordOutcome(steps.drops, steps.clock);
    final Drop claimed = steps.claimed(Steps.event("incoming/cohort.json"));

    @Test
    void a_rejection_is_recorded_with_its_errors_and_counts() {
        Drop rejected = record.record(claimed, new Outcome.Rejected(12, List.of("entry 3: no runSettingId"), 40));

        assertThat(steps.drops.get(claimed.requestId())).isEqualTo(rejected)
                .extracting(Drop::status, Drop::runCount, Drop::errors, Drop::errorCount)
                .containsExactly(DropStatus.REJECTED, 12L, List.of("entry 3: no runSettingId"), 40L);
    }

    @Test
    void a_failure_is_recorded_with_its_errors() {
        record.record(claimed, new Outcome.Failed(List.of("AccessDenied: ...")));

        assertThat(steps.drops.get(claimed.requestId())).extracting(Drop::status, Drop::errors)
                .containsExactly(DropStatus.FAILED, List.of("AccessDenied: ..."));
    }

    @Test
    void a_duplicate_names_the_drop_holding_the_content() {
        record.record(claimed, new Outcome.Duplicate("ab12", "holder-id"));

        Drop stored = steps.drops.get(claimed.requestId());
        assertThat(stored.status()).isEqualTo(DropStatus.DUPLICATE);
        assertThat(stored.content().sha256()).isEqualTo("ab12");
        assertThat(stored.content().duplicateOf()).isEqualTo("holder-id");
    }

    @Test
    void a_submission_records_the_batch_and_opens_it_for_tracking() {
        StartedBatch batch = new StartedBatch("7000001", "arn:aws:omics:us-east-1:123456789012:runBatch/7000001",
                "CREATING", "uuid");

        record.record(claimed, new Outcome.Submitted(batch));

        assertThat(steps.drops.get(claimed.requestId())).extracting(Drop::status, Drop::batchId, Drop::batchStatus)
                .containsExactly(DropStatus.SUBMITTED, "7000001", "CREATING");
    }

    @Test
    void an_invocation_that_lost_its_lease_records_nothing() {
        steps.drops.update(claimed.requestId(), Steps::takenOver);

        assertThatThrownBy(() -> record.record(claimed, new Outcome.Failed(List.of("late"))))
                .isInstanceOf(LeaseLostException.class);
        assertThat(steps.drops.get(claimed.requestId()).status()).isEqualTo(DropStatus.RECEIVED);
    }
}
