package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step 3 alone: the dropped object read once, checked, hashed and (a sheet) converted; nothing is recorded here. */
class ReadAndCheckTest {

    static final String SHEET = "sample,fastq_1\nS1,s3://lab-input/S1.fastq.gz\nS2,s3://lab-input/S2.fastq.gz\n";

    final Steps steps = new Steps();
    final Pipeline wgs = Steps.PIPELINES.named("wgs").orElseThrow();

    ReadAndCheck check(Disclosure disclosure) {
        return new ReadAndCheck(steps.store, steps.snapshots.prefix(), null, steps.spool,
                new IdenticalContent(steps.drops, steps.clock, steps.sleeper), disclosure, steps.clock);
    }

    ReadAndCheck.Checked check(Drop drop, Pipeline pipeline) {
        return check(Disclosure.FULL).check(drop, pipeline, steps.deadline());
    }

    static String sha256(String content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_valid_file_is_validated_and_its_content_claimed_and_a_retry_finds_it_claimed_by_itself()
            throws NoSuchAlgorithmException {
        DroppedObject object = steps.put("incoming/wgs/cohort.json", Steps.VALID);
        Drop claimed = steps.claimed(object);

        ReadAndCheck.Checked first = check(claimed, wgs);
        ReadAndCheck.Checked retry = check(claimed, wgs);

        assertThat(first).isEqualTo(new ReadAndCheck.Validated(first.drop(), 2, Steps.VALID.length(), null));
        assertThat(first.drop().content().sha256()).isEqualTo(sha256(Steps.VALID));
        assertThat(retry).isInstanceOf(ReadAndCheck.Validated.class);
        assertThat(steps.drops.contentHolders()).containsValue(claimed.requestId()).hasSize(1);
        assertThat(steps.drops.get(claimed.requestId()).status()).isEqualTo(DropStatus.RECEIVED);
        assertThat(steps.store.opens).isEqualTo(2);
    }

    @Test
    void an_invalid_file_ends_rejected_with_its_errors_and_claims_no_content() {
        Drop claimed = steps.claimed(steps.put("incoming/wgs/cohort.json", "[{\"parameters\":{}}]"));

        ReadAndCheck.Checked checked = check(claimed, wgs);

        assertThat(checked.ends()).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
            assertThat(rejected.runCount()).isEqualTo(1);
            assertThat(rejected.errorCount()).isEqualTo(1);
            assertThat(rejected.errors()).singleElement().asString().contains("runSettingId");
        });
        assertThat(steps.drops.contentHolders()).isEmpty();
        assertThat(steps.drops.get(claimed.requestId()).status()).isEqualTo(DropStatus.RECEIVED);
    }

    @Test
    void a_deleted_or_overwritten_object_ends_rejected_without_being_read() {
        DroppedObject object = steps.put("incoming/wgs/cohort.json", Steps.VALID);
        Drop claimed = steps.claimed(object);
        steps.store.put(Steps.BUCKET, object.key(), "new-etag", "[]");

        ReadAndCheck.Checked overwritten = check(claimed, wgs);
        steps.store.delete(Steps.BUCKET, object.key());
        ReadAndCheck.Checked deleted = check(claimed, wgs);

        assertThat(overwritten.ends()).isEqualTo(Outcome.Rejected.because("the object was overwritten since this"
                + " event (ETag " + object.etag() + " is now new-etag); the new content is handled by its own event"));
        assertThat(deleted.ends()).isEqualTo(Outcome.Rejected.because(
                "the object no longer exists: it was deleted before it could be submitted"));
        assertThat(steps.store.opens).isZero();
    }

    @Test
    void a_403_ends_failed_saying_what_to_check_naming_the_key_only_when_disclosure_allows() {
        DroppedObject object = steps.put("incoming/wgs/patient-7.json", Steps.VALID);
        Drop claimed = steps.claimed(object);
        steps.store.failHead(Steps.BUCKET, object.key(), new ObjectAccessDeniedException("HeadObject", "403"));

        Outcome full = check(Disclosure.FULL).check(claimed, wgs, steps.deadline()).ends();
        Outcome safe = check(Disclosure.PHI_SAFE).check(claimed, wgs, steps.deadline()).ends();

        assertThat(full).isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.errors())
                .singleElement().asString().startsWith("AccessDenied: S3 answered 403 to HeadObject for "
                        + object.s3Uri()).contains("s3:ListBucket"));
        assertThat(safe).isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.errors())
                .singleElement().asString().contains("key hash " + object.keyHash()).doesNotContain("patient-7"));
    }

    @Test
    void an_object_changed_while_it_is_read_ends_rejected() {
        DroppedObject object = steps.put("incoming/wgs/cohort.json", Steps.VALID);
        Drop claimed = steps.claimed(object);
        steps.store.onOpen = () -> steps.store.put(Steps.BUCKET, object.key(), "changed", "[]");

        assertThat(check(claimed, wgs).ends()).isEqualTo(Outcome.Rejected.because(
                "the object changed while being read"));
    }

    @Test
    void a_resumed_drop_with_its_snapshot_is_not_read_again_and_one_validated_earlier_only_looked_up() {
        DroppedObject object = steps.put("incoming/wgs/cohort.json", Steps.VALID);
        Drop claimed = steps.claimed(object);
        Drop validated = steps.drops.markSubmitting(claimed, 2, steps.clock.instant());
        Drop snapshotted = steps.drops.markSubmitting(claimed, 2, new Snapshot(Steps.BUCKET, "submitted/x.json",
                "snap"), null, steps.clock.instant());

        ReadAndCheck.Checked validatedBefore = check(validated, wgs);
        steps.store.failHead(Steps.BUCKET, object.key(), new IllegalStateException("HeadObject must not be called"));
        ReadAndCheck.Checked withSnapshot = check(snapshotted, wgs);

        assertThat(validatedBefore).isEqualTo(new ReadAndCheck.Ready(validated));
        assertThat(withSnapshot).isEqualTo(new ReadAndCheck.Ready(snapshotted));
        assertThat(steps.store.opens).isZero();
    }

    @Test
    void content_a_settled_drop_of_the_same_key_holds_ends_a_duplicate_of_that_drop() {
        DroppedObject first = steps.put("incoming/wgs/cohort.json", Steps.VALID);
        Drop holder = ((ReadAndCheck.Validated) check(steps.claimed(first), wgs)).drop();
        steps.drops.markNotified(steps.drops.recordSubmitted(holder, new StartedBatch("7000001", "arn", "CREATING",
                "uuid"), steps.clock.instant()), steps.clock.instant());
        // The same bytes again under another ETag (a multipart or SSE-KMS upload): another requestId.
        steps.store.put(Steps.BUCKET, first.key(), "other-etag", Steps.VALID);
        Drop again = steps.claimed(new DroppedObject(Steps.BUCKET, first.key(), "other-etag", first.size(), null, "02"));

        ReadAndCheck.Checked checked = check(again, wgs);

        assertThat(checked.ends()).isInstanceOfSatisfying(Outcome.Duplicate.class,
                duplicate -> assertThat(duplicate.holder()).isEqualTo(holder.requestId()));
    }

    @Test
    void a_validation_past_the_deadline_stops_and_leaves_the_drop_open() {
        Drop claimed = steps.claimed(steps.put("incoming/wgs/cohort.json", Steps.VALID));

        assertThatThrownBy(() -> check(Disclosure.FULL).check(claimed, wgs, steps.clock.instant().minusSeconds(1)))
                .isInstanceOf(SubmitDrop.ValidationTimeoutException.class)
                .hasMessageContaining("validation stopped at the invocation deadline")
                .hasMessageEndingWith("the drop stays open and a retry or the reconciler's sweep resumes it");
        assertThat(steps.drops.contentHolders()).isEmpty();
    }

    @Test
    void a_sheet_is_converted_into_the_spool_which_closing_deletes() throws IOException {
        Drop claimed = steps.claimed(steps.put("incoming/wgs/cohort.csv", SHEET));

        ReadAndCheck.Checked checked = check(claimed, wgs);

        assertThat(checked).isInstanceOfSatisfying(ReadAndCheck.Converted.class, converted -> {
            assertThat(converted.report().rowCount()).isEqualTo(2);
            assertThat(converted.json()).isSameAs(steps.spool.created.get(0));
        });
        assertThat(new String(steps.spool.created.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(
                "[{\"runSettingId\":\"S1\",\"parameters\":{\"reads\":\"s3://lab-input/S1.fastq.gz\"}},"
                        + "{\"runSettingId\":\"S2\",\"parameters\":{\"reads\":\"s3://lab-input/S2.fastq.gz\"}}]");
        assertThat(steps.spool.created.get(0).name).isEqualTo("omics-dropzone-" + claimed.requestId() + ".json");
        checked.close();
        assertThat(steps.spool.open()).isEmpty();
    }

    @Test
    void a_rejected_sheet_ends_with_its_rows_errors_and_its_spool_is_deleted_on_close() {
        Drop claimed = steps.claimed(steps.put("incoming/wgs/cohort.csv", "sample,fastq_1\n,s3://lab-input/x.fq\n"));

        try (ReadAndCheck.Checked checked = check(claimed, wgs)) {
            assertThat(checked.ends()).isInstanceOfSatisfying(Outcome.Rejected.class,
                    rejected -> assertThat(rejected.errors()).singleElement().asString().startsWith("row 2"));
            assertThat(steps.spool.open()).hasSize(1);
        }
        assertThat(steps.spool.open()).isEmpty();
    }

    @Test
    void a_sheet_for_a_pipeline_without_a_template_ends_rejected_naming_what_to_drop_instead() {
        Pipeline rnaseq = Steps.PIPELINES.named("rnaseq").orElseThrow();
        Drop claimed = steps.claimed(steps.put("incoming/rnaseq/cohort.csv", SHEET));

        assertThat(check(claimed, rnaseq).ends()).isEqualTo(Outcome.Rejected.because("pipeline 'rnaseq' takes no"
                + " samplesheets (it has no samplesheet template): drop run-settings JSON under incoming/rnaseq/"
                + " instead"));
        assertThat(steps.spool.created).isEmpty();
    }

    @Test
    void a_spool_that_refuses_a_file_is_an_infrastructure_failure() {
        Drop claimed = steps.claimed(steps.put("incoming/wgs/cohort.csv", SHEET));
        steps.spool.failNextCreate(new IOException("No space left on device"));

        assertThatThrownBy(() -> check(claimed, wgs)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("converting " + claimed.requestId() + " failed")
                .hasRootCauseMessage("No space left on device");
    }

    @Test
    void a_per_sample_sheet_is_grouped_writing_nothing_and_its_two_spool_files_go_on_close() throws IOException {
        Pipelines nfCore = Steps.nfCore();
        String sheet = Files.readString(Steps.EVENTS.resolve("samplesheets/nfcore-rnaseq.csv"));
        Drop claimed = steps.claimed(steps.put("incoming/rnaseq/run-42.csv", sheet));

        ReadAndCheck.Checked checked = check(claimed, nfCore.named("rnaseq").orElseThrow());

        assertThat(checked).isInstanceOfSatisfying(ReadAndCheck.Grouped.class, grouped -> {
            assertThat(grouped.result().runCount()).isEqualTo(3);
            assertThat(grouped.result().sheets()).extracting(sheetFile -> sheetFile.key()).containsExactly(
                    "submitted/" + claimed.requestId() + "/CONTROL_REP1.csv",
                    "submitted/" + claimed.requestId() + "/TREATMENT_REP1.csv",
                    "submitted/" + claimed.requestId() + "/TREATMENT_REP2.csv");
        });
        assertThat(steps.snapshotStore.writtenOnce).isEmpty();
        assertThat(steps.spool.open()).hasSize(2); // the run settings and the rows
        checked.close();
        assertThat(steps.spool.open()).isEmpty();
    }
}
