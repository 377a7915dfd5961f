package io.omicsdropzone.aws;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.BatchProgress;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.domain.notification.Notification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationEmailTest {

    static final String P = "PATIENT-4711";
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    static final DroppedObject COHORT = new DroppedObject("dropzone-input", "incoming/cohort-42.json",
            "9b2cf535f27731c974343645a3985328", 100, null, null);
    static final DroppedObject PATIENT = new DroppedObject("dropzone-input", "incoming/" + P + "/tumour-" + P + ".json",
            "9b2cf535f27731c974343645a3985328", 100, null, null);

    static Drop drop(DroppedObject object, DropStatus status, long runs, List<String> errors) {
        boolean submitted = status == DropStatus.SUBMITTED;
        return new Drop(object.requestId(), status, object, null, runs, submitted ? "7000001" : null,
                submitted ? "arn:aws:omics:us-east-1:123456789012:runBatch/7000001" : null,
                submitted ? "PENDING" : null, errors, errors.size(), 0, null, null, null, T, T, null,
                BatchProgress.NONE);
    }

    static NotificationEmail email(Notification notification) {
        return NotificationEmail.of(notification.body());
    }

    static boolean snsSubject(String subject) {
        return subject.length() < 100 && subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                && Character.isLetterOrDigit(subject.charAt(0));
    }

    @Test
    void a_submitted_batch_says_which_batch_how_many_runs_and_from_which_file() {
        NotificationEmail email = email(Notification.outcomeOf(drop(COHORT, DropStatus.SUBMITTED, 96, List.of()),
                Disclosure.FULL));

        assertThat(email.subject()).isEqualTo("Batch 7000001 submitted: 96 runs from cohort-42.json");
        assertThat(email.text()).startsWith("AWS HealthOmics accepted run batch 7000001 with 96 runs")
                .contains("File:        s3://dropzone-input/incoming/cohort-42.json")
                .contains("Batch:       7000001 (status PENDING)")
                .contains("What to do next: nothing.")
                .contains("See more:        java -jar function.jar status 7000001")
                .contains("Notification id BatchSubmitted:" + COHORT.requestId())
                .doesNotContain("{\"");
    }

    @Test
    void a_rejected_file_lists_its_errors_and_what_to_do() {
        List<String> errors = List.of("entry 2 (runSettingId 'S1'): duplicate runSettingId 'S1'",
                "entry 3: parameters must be an object");
        NotificationEmail email = email(Notification.outcomeOf(drop(COHORT, DropStatus.REJECTED, 3, errors),
                Disclosure.FULL));

        assertThat(email.subject()).isEqualTo("File rejected, 2 errors: cohort-42.json");
        assertThat(email.text()).contains("Errors:\n  - entry 2 (runSettingId 'S1'): duplicate runSettingId 'S1'\n"
                        + "  - entry 3: parameters must be an object")
                .contains("What to do next: fix the errors above and upload the corrected file")
                .contains("See more:        java -jar function.jar status " + COHORT.requestId());
    }

    @Test
    void a_completed_batch_counts_its_runs_and_lists_those_that_did_not_start() {
        Drop drop = drop(COHORT, DropStatus.SUBMITTED, 96, List.of());
        BatchObservation batch = new BatchObservation("7000001", drop.batchArn(), "PROCESSED", T,
                Map.of("totalRuns", 96L, "completedRunCount", 93L, "failedRunCount", 1L,
                        "failedStartSubmissionCount", 2L), null, null);
        Notification completed = Notification.completionOf("BatchCompleted", drop, batch,
                List.of(new BatchRun("sample-007", null, null, "FAILED", "VALIDATION_EXCEPTION", "bad input")),
                Disclosure.FULL);

        NotificationEmail email = email(completed);

        assertThat(email.subject())
                .isEqualTo("Batch 7000001 completed, 93 of 96 runs completed, 3 failed: cohort-42.json");
        assertThat(email.text()).contains("  - sample-007: VALIDATION_EXCEPTION (bad input)")
                .contains("What to do next: review the runs that failed");
    }

    @Test
    void the_subject_stays_ascii_and_under_100_characters_whatever_the_key() {
        DroppedObject odd = new DroppedObject("dropzone-input", "incoming/Probe-Über-" + "x".repeat(150)
                + "-Ende\n\u0007🧬.json", "9b2cf535f27731c974343645a3985328", 100, null, null);

        NotificationEmail email = email(Notification.outcomeOf(drop(odd, DropStatus.SUBMITTED, 1_000_000,
                List.of()), Disclosure.FULL));

        assertThat(email.subject()).satisfies(subject -> assertThat(snsSubject(subject)).as(subject).isTrue())
                .startsWith("Batch 7000001 submitted: 1000000 runs from ...")
                .endsWith("-Ende???.json"); // the end of a name tells files apart; '\n', BEL and the emoji become '?'
        assertThat(email.subject()).hasSize(99);
    }

    @ParameterizedTest
    @EnumSource(DropStatus.class)
    void phi_safe_mode_keeps_the_key_out_of_subject_and_text(DropStatus status) {
        if (!status.terminal()) {
            return;
        }
        List<String> errors = status == DropStatus.SUBMITTED ? List.of() : List.of("entry 1: problem in <key "
                + PATIENT.keyHash() + ">");
        NotificationEmail email = email(Notification.outcomeOf(drop(PATIENT, status, 3, errors), Disclosure.PHI_SAFE));

        assertThat(email.subject()).doesNotContain(P).contains("key hash " + PATIENT.keyHash());
        assertThat(snsSubject(email.subject())).isTrue();
        assertThat(email.text()).doesNotContain(P).contains("key hash " + PATIENT.keyHash());
    }

    @Test
    void phi_safe_completion_mails_leave_out_run_setting_ids_and_service_messages() {
        Drop drop = drop(PATIENT, DropStatus.SUBMITTED, 2, List.of());
        BatchObservation batch = new BatchObservation("7000001", drop.batchArn(), "FAILED", T,
                Map.of("totalRuns", 2L), "VALIDATION_EXCEPTION", "file s3://dropzone-input/" + PATIENT.key());
        Notification failed = Notification.completionOf("BatchFailed", drop, batch,
                List.of(new BatchRun(P + "-run", null, null, "FAILED", "VALIDATION_EXCEPTION", "about " + P)),
                Disclosure.PHI_SAFE);

        NotificationEmail email = email(failed);

        assertThat(email.subject()).isEqualTo("Batch 7000001 failed: key hash " + PATIENT.keyHash());
        assertThat(email.text()).doesNotContain(P).contains("Reason:      VALIDATION_EXCEPTION")
                .contains("  - VALIDATION_EXCEPTION");
    }
}
