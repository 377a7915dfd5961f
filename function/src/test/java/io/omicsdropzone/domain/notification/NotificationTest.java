package io.omicsdropzone.domain.notification;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.BatchProgress;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationError;
import io.omicsdropzone.validation.ValidationReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationTest {

    private static final String P = "PATIENT-4711";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final DroppedObject OBJECT = new DroppedObject("dropzone-input-123456789012",
            "incoming/" + P + "/tumour-" + P + ".json", "9b2cf535f27731c974343645a3985328", 100, null, null);

    private static Drop drop(DropStatus status, String batchName, List<String> errors) {
        boolean submitted = status == DropStatus.SUBMITTED;
        return new Drop(OBJECT.requestId(), status, OBJECT, batchName, 3, submitted ? "1234567" : null,
                submitted ? "arn:aws:omics:us-east-1:123456789012:runBatch/1234567" : null,
                submitted ? "PENDING" : null, errors, errors.size(), 0, null, null, null, T, T, null,
                BatchProgress.NONE);
    }

    private static Drop submitted(Disclosure namedIn) {
        return drop(DropStatus.SUBMITTED, BatchNaming.batchName(OBJECT, namedIn), List.of());
    }

    /** The errors the submitter stores for a rejected file: described in the configured mode. */
    private static List<String> rejectionErrors(Disclosure disclosure) throws IOException {
        byte[] file = ("[{\"runSettingId\":\"" + P + "\",\"outputUri\":\"https://" + P + "\",\"runTags\":{\"" + P
                + "\":4711}},{\"runSettingId\":\"" + P + "\"}]").getBytes(StandardCharsets.UTF_8);
        ValidationReport report = new RunSettingsValidator().validate(new ByteArrayInputStream(file), file.length);
        assertThat(report.errors()).hasSizeGreaterThanOrEqualTo(3);
        return report.errors().stream().map(error -> error.describe(disclosure)).toList();
    }

    @Test
    void the_same_notification_published_twice_has_the_same_id_in_body_and_record() {
        Notification first = Notification.outcomeOf(submitted(Disclosure.FULL), Disclosure.FULL);
        Notification again = Notification.outcomeOf(submitted(Disclosure.FULL), Disclosure.FULL);

        assertThat(first.notificationId()).isEqualTo(again.notificationId())
                .isEqualTo("BatchSubmitted:" + OBJECT.requestId());
        assertThat(first.body()).containsEntry("notificationId", first.notificationId());
        assertThat(first.body().keySet()).startsWith("type", "notificationId");
        // The mode does not change which notification it is.
        assertThat(Notification.outcomeOf(submitted(Disclosure.PHI_SAFE), Disclosure.PHI_SAFE).notificationId())
                .isEqualTo(first.notificationId());
    }

    @Test
    void batch_submitted_carries_the_snapshot_and_the_redriven_drop_and_a_phi_safe_duplicate_notice_hides_the_key() {
        Drop plain = submitted(Disclosure.FULL);
        Snapshot snapshot = new Snapshot(OBJECT.bucket(), "submitted/" + "ab".repeat(32) + ".json", "\"e1\"");
        Drop redrive = new Drop("ab".repeat(32), DropStatus.SUBMITTED, OBJECT, plain.batchName(), 1, "7654321",
                "arn:aws:omics:us-east-1:123456789012:runBatch/7654321", "PENDING", List.of(), 0, 0, null, null, null,
                T, T, null, BatchProgress.NONE, null, snapshot, OBJECT.requestId(), List.of(), java.util.Set.of());

        assertThat(Notification.outcomeOf(plain, Disclosure.FULL).body())
                .doesNotContainKeys("snapshotUri", "redriveOf");
        assertThat(Notification.outcomeOf(redrive, Disclosure.PHI_SAFE).body())
                .containsEntry("snapshotUri", "s3://" + OBJECT.bucket() + "/submitted/" + "ab".repeat(32) + ".json")
                .containsEntry("redriveOf", OBJECT.requestId());
        Notification duplicate = Notification.duplicateFile(redrive,
                new DroppedObject(OBJECT.bucket(), OBJECT.key(), OBJECT.etag(), 100, "v9", null), "v9",
                Disclosure.PHI_SAFE);
        assertThat(duplicate.type()).isEqualTo(Notification.DUPLICATE_FILE);
        assertThat(duplicate.notificationId()).isEqualTo("DuplicateFile:" + "ab".repeat(32) + ":v9");
        assertThat(duplicate.body().toString()).doesNotContain(P);
        assertThat(duplicate.body()).containsEntry("status", "SUBMITTED").containsEntry("batchId", "7654321")
                .containsEntry("versionId", "v9").containsKey("keyHash");
    }

    @Test
    void different_notifications_have_different_ids() {
        Drop rejected = drop(DropStatus.REJECTED, "n", List.of("bad"));
        Drop failed = drop(DropStatus.FAILED, "n", List.of("bad"));
        Drop other = new Drop(new DroppedObject("b", "k.json", "e2", 1, null, null).requestId(), DropStatus.REJECTED,
                new DroppedObject("b", "k.json", "e2", 1, null, null), "n", 0, null, null, null, List.of("x"), 1, 0,
                null, null, null, T, T, null, null);
        Drop batch = submitted(Disclosure.FULL);
        BatchObservation done = new BatchObservation("1234567", batch.batchArn(), "PROCESSED", T, Map.of(), null, null);

        List<String> ids = List.of(
                Notification.outcomeOf(rejected, Disclosure.FULL).notificationId(),
                Notification.outcomeOf(failed, Disclosure.FULL).notificationId(),
                Notification.outcomeOf(other, Disclosure.FULL).notificationId(),
                Notification.outcomeOf(batch, Disclosure.FULL).notificationId(),
                Notification.completionOf("BatchCompleted", batch, done, List.of(), Disclosure.FULL).notificationId(),
                Notification.completionOf("BatchFailed", batch, done, List.of(), Disclosure.FULL).notificationId(),
                Notification.batchNotFound(batch, "gone", Disclosure.FULL).notificationId());

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.get(4)).isEqualTo("BatchCompleted:1234567");
        assertThat(ids.get(6)).isEqualTo("BatchNotFound:1234567");
    }

    @Test
    void phi_safe_rejection_carries_key_hash_and_positions_but_no_patient_id() throws IOException {
        Drop rejected = drop(DropStatus.REJECTED, BatchNaming.batchName(OBJECT, Disclosure.PHI_SAFE),
                rejectionErrors(Disclosure.PHI_SAFE));

        Notification safe = Notification.outcomeOf(rejected, Disclosure.PHI_SAFE);
        String json = JsonWriter.write(safe.body());

        assertThat(json).doesNotContain(P).doesNotContain("4711");
        assertThat(safe.body()).containsEntry("keyHash", OBJECT.keyHash()).doesNotContainKey("key")
                .containsEntry("bucket", OBJECT.bucket()).containsEntry("type", Notification.FILE_REJECTED);
        assertThat(safe.errors()).anySatisfy(error -> assertThat(error).startsWith("entry 0 /0/outputUri: "))
                .anySatisfy(error -> assertThat(error).startsWith("entry 0 /0/runTags/*: "));

        Drop full = drop(DropStatus.REJECTED, BatchNaming.batchName(OBJECT, Disclosure.FULL),
                rejectionErrors(Disclosure.FULL));
        Notification fullNotification = Notification.outcomeOf(full, Disclosure.FULL);
        assertThat(JsonWriter.write(fullNotification.body())).contains(P);
        assertThat(fullNotification.body()).containsEntry("key", OBJECT.key());
        assertThat(fullNotification.errors()).anySatisfy(error -> assertThat(error).contains("https://" + P));
    }

    @Test
    void phi_safe_submission_shows_neither_key_nor_a_key_derived_batch_name() {
        String safeJson = JsonWriter.write(Notification.outcomeOf(submitted(Disclosure.PHI_SAFE), Disclosure.PHI_SAFE)
                .body());
        assertThat(safeJson).doesNotContain(P).contains("\"batchName\":\"run-settings-" + OBJECT.keyHash() + "\"");

        // A drop named before PHI_SAFE was switched on: its name came from the key and is left out.
        Notification switched = Notification.outcomeOf(submitted(Disclosure.FULL), Disclosure.PHI_SAFE);
        assertThat(JsonWriter.write(switched.body())).doesNotContain(P);
        assertThat(switched.body()).doesNotContainKey("batchName").containsEntry("batchId", "1234567");

        assertThat(JsonWriter.write(Notification.outcomeOf(submitted(Disclosure.FULL), Disclosure.FULL).body()))
                .contains(P);
    }

    @Test
    void phi_safe_submission_failure_is_cut_to_error_type_and_status() {
        BatchApiException error = new BatchApiException(Kind.VALIDATION, "ValidationException", 400,
                "Unable to read s3://" + OBJECT.bucket() + "/" + OBJECT.key() + " for runSettingId " + P, null);

        Notification storedSafe = Notification.outcomeOf(
                drop(DropStatus.FAILED, "n", List.of(error.describe(Disclosure.PHI_SAFE))), Disclosure.PHI_SAFE);
        Notification storedFull = Notification.outcomeOf(
                drop(DropStatus.FAILED, "n", List.of(error.describe())), Disclosure.PHI_SAFE);
        Notification full = Notification.outcomeOf(
                drop(DropStatus.FAILED, "n", List.of(error.describe())), Disclosure.FULL);

        assertThat(storedSafe.errors()).containsExactly("ValidationException (HTTP 400)");
        // Even an error stored in full is cut to its type before it leaves in PHI-safe mode.
        assertThat(storedFull.errors()).containsExactly("ValidationException");
        assertThat(JsonWriter.write(storedFull.body())).doesNotContain(P);
        assertThat(full.errors()).singleElement().asString().contains(P);
    }

    @Test
    void a_key_echoed_in_a_stored_rejection_reason_is_replaced_by_its_hash_in_phi_safe_mode() {
        Drop rejected = drop(DropStatus.REJECTED, "n", List.of("could not read " + OBJECT.s3Uri(),
                "file tumour-" + P + ".json changed"));

        Notification safe = Notification.outcomeOf(rejected, Disclosure.PHI_SAFE);

        assertThat(safe.errors()).containsExactly("could not read <key " + OBJECT.keyHash() + ">",
                "file <key " + OBJECT.keyHash() + "> changed");
    }

    @Test
    void phi_safe_completion_drops_service_messages_and_run_setting_ids_and_keeps_reasons_and_counts() {
        Drop batch = submitted(Disclosure.PHI_SAFE);
        BatchObservation failedBatch = new BatchObservation("1234567", batch.batchArn(), "FAILED", T,
                Map.of("totalRuns", 2L, "failedStartSubmissionCount", 1L), "VALIDATION_ERROR",
                "run settings s3://" + OBJECT.bucket() + "/" + OBJECT.key() + " invalid");
        List<BatchRun> failedRuns = List.of(new BatchRun(P + "-run", null, null, "FAILED", "ValidationException",
                "outputUri s3://out/" + P + " is not writable"));

        Notification safe = Notification.completionOf("BatchFailed", batch, failedBatch, failedRuns,
                Disclosure.PHI_SAFE);
        Notification full = Notification.completionOf("BatchFailed", batch, failedBatch, failedRuns,
                Disclosure.FULL);

        assertThat(JsonWriter.write(safe.body())).doesNotContain(P);
        assertThat(safe.body()).containsEntry("failureReason", "VALIDATION_ERROR").doesNotContainKey("failureMessage")
                .containsEntry("keyHash", OBJECT.keyHash())
                .containsEntry("failedSubmissions", List.of(Map.of("reason", "ValidationException")));
        assertThat(safe.body().get("counts")).asString().contains("totalRuns=2");
        assertThat(JsonWriter.write(full.body())).contains(P).contains("failureMessage");
    }

    @Test
    void batch_not_found_names_the_batch_and_hides_the_key_when_safe() {
        Drop batch = submitted(Disclosure.PHI_SAFE);
        String message = "GetBatch: batch 1234567 of " + OBJECT.s3Uri() + " no longer exists";

        Notification safe = Notification.batchNotFound(batch, message, Disclosure.PHI_SAFE);
        Notification full = Notification.batchNotFound(batch, message, Disclosure.FULL);

        assertThat(safe.type()).isEqualTo(Notification.BATCH_NOT_FOUND).isEqualTo("BatchNotFound");
        assertThat(safe.body()).containsEntry("batchId", "1234567")
                .containsEntry("message", "GetBatch: batch 1234567 of <key " + OBJECT.keyHash() + "> no longer exists");
        assertThat(JsonWriter.write(safe.body())).doesNotContain(P);
        assertThat(full.body()).containsEntry("message", message).containsEntry("key", OBJECT.key());
    }

    @Test
    void a_file_named_and_filled_with_a_patient_id_leaks_it_nowhere_in_phi_safe_mode_and_shows_it_in_full_mode()
            throws IOException {
        for (Disclosure disclosure : Disclosure.values()) {
            String name = BatchNaming.batchName(OBJECT, disclosure);
            Map<String, String> tags = BatchNaming.batchTags(OBJECT, OBJECT.requestId(), disclosure);
            List<String> errors = rejectionErrors(disclosure);
            Drop rejected = drop(DropStatus.REJECTED, name, errors);
            String body = JsonWriter.write(Notification.outcomeOf(rejected, disclosure).body());
            String everything = String.join("\n", name, tags.toString(), String.join("\n", errors), body);

            if (disclosure.phiSafe()) {
                assertThat(everything).doesNotContain(P).doesNotContain("4711");
            } else {
                assertThat(List.of(name, tags.toString(), String.join("\n", errors), body))
                        .allSatisfy(text -> assertThat(text).contains(P));
            }
        }
    }

    @Test
    void describe_without_disclosure_is_the_full_description() {
        ValidationError error = new ValidationError(0, P, "/0/name", 1, 2, "name " + P, "name");
        assertThat(error.describe()).isEqualTo(error.describe(Disclosure.FULL)).contains(P);
    }
}
