package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.samplesheet.GroupedSheetConverter;
import io.omicsdropzone.samplesheet.SheetFormat;
import io.omicsdropzone.spool.MemorySpool;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step 4 alone: the snapshot written (or copied) and recorded SUBMITTING before StartRunBatch; sheets once. */
class TakeSnapshotTest {

    final Steps steps = new Steps();
    final TakeSnapshot take = new TakeSnapshot(steps.drops, steps.snapshots, steps.store, Disclosure.FULL,
            steps.clock);

    String stored(String key) {
        return steps.store.head(Steps.BUCKET, key).map(head -> {
            try (InputStream in = steps.store.open(Steps.BUCKET, key, head.etag())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).orElse(null);
    }

    @Test
    void a_validated_file_is_copied_as_checked_and_recorded_submitting_with_its_snapshot() {
        DroppedObject object = steps.put("incoming/cohort.json", Steps.VALID);
        Drop claimed = steps.claimed(object);

        TakeSnapshot.Taken taken = take.take(new ReadAndCheck.Validated(claimed, 2, Steps.VALID.length(),
                "parameters not checked: no template"));

        String key = "submitted/" + claimed.requestId() + ".json";
        assertThat(taken.ends()).isNull();
        assertThat(steps.snapshotStore.copies).containsExactly(key);
        assertThat(stored(key)).isEqualTo(Steps.VALID);
        Drop recorded = steps.drops.get(claimed.requestId());
        assertThat(taken.drop()).isEqualTo(recorded);
        assertThat(recorded.status()).isEqualTo(DropStatus.SUBMITTING);
        assertThat(recorded.runCount()).isEqualTo(2);
        assertThat(recorded.snapshot().key()).isEqualTo(key);
        assertThat(recorded.snapshot().etag()).isEqualTo("snap-" + object.etag());
        assertThat(recorded.parametersNotChecked()).isEqualTo("parameters not checked: no template");
    }

    @Test
    void a_ready_drop_keeps_the_snapshot_it_has() {
        Drop claimed = steps.claimed(steps.put("incoming/cohort.json", Steps.VALID));

        TakeSnapshot.Taken taken = take.take(new ReadAndCheck.Ready(claimed));

        assertThat(taken).isEqualTo(new TakeSnapshot.Taken(claimed, null));
        assertThat(steps.snapshotStore.copies).isEmpty();
        assertThat(steps.drops.get(claimed.requestId()).status()).isEqualTo(DropStatus.RECEIVED);
    }

    @Test
    void a_file_overwritten_after_its_check_ends_rejected_and_is_not_copied() {
        DroppedObject object = steps.put("incoming/cohort.json", Steps.VALID);
        Drop claimed = steps.claimed(object);
        steps.store.put(Steps.BUCKET, object.key(), "newer", "[]");

        TakeSnapshot.Taken taken = take.take(new ReadAndCheck.Validated(claimed, 2, Steps.VALID.length(), null));

        assertThat(taken.ends()).isEqualTo(Outcome.Rejected.because("the object changed before its snapshot was"
                + " taken"));
        assertThat(steps.snapshotStore.copies).isEmpty();
        assertThat(steps.drops.get(claimed.requestId()).status()).isEqualTo(DropStatus.RECEIVED);
    }

    @Test
    void a_copy_refused_with_403_ends_failed() {
        Drop claimed = steps.claimed(steps.put("incoming/cohort.json", Steps.VALID));
        steps.snapshotStore.failNextCopy(new ObjectAccessDeniedException("CopyObject", "403"));

        TakeSnapshot.Taken taken = take.take(new ReadAndCheck.Validated(claimed, 2, Steps.VALID.length(), null));

        assertThat(taken.ends()).isInstanceOfSatisfying(Outcome.Failed.class, failed -> assertThat(failed.errors())
                .singleElement().asString().startsWith("AccessDenied: S3 answered 403 to CopyObject"));
    }

    @Test
    void a_converted_sheet_s_json_becomes_the_snapshot() throws IOException {
        Drop claimed = steps.claimed(steps.put("incoming/wgs/cohort.csv", ReadAndCheckTest.SHEET));
        MemorySpool.MemoryFile json = (MemorySpool.MemoryFile) steps.spool.create("runs", ".json");
        try (OutputStream out = json.output()) {
            out.write(Steps.VALID.getBytes(StandardCharsets.UTF_8));
        }
        var report = new io.omicsdropzone.samplesheet.SampleSheetReport(2, 0, java.util.List.of(),
                Steps.VALID.length());

        TakeSnapshot.Taken taken = take.take(new ReadAndCheck.Converted(claimed, report, json, null));

        assertThat(stored("submitted/" + claimed.requestId() + ".json")).isEqualTo(Steps.VALID);
        assertThat(taken.drop().status()).isEqualTo(DropStatus.SUBMITTING);
        assertThat(taken.drop().runCount()).isEqualTo(2);
        assertThat(json.deleted()).isFalse(); // the check step's result owns the spool file
    }

    @Test
    void a_grouped_sheet_writes_each_run_s_sheet_once_then_its_json_and_a_retry_rewrites_no_sheet()
            throws IOException {
        Pipeline rnaseq = Steps.nfCore().named("rnaseq").orElseThrow();
        String sheet = Files.readString(Steps.EVENTS.resolve("samplesheets/nfcore-rnaseq.csv"));
        Drop claimed = steps.claimed(steps.put("incoming/rnaseq/run-42.csv", sheet));
        String folder = "submitted/" + claimed.requestId() + "/";

        try (ReadAndCheck.Grouped grouped = grouped(claimed, rnaseq, sheet, folder)) {
            TakeSnapshot.Taken first = take.take(grouped);
            TakeSnapshot.Taken retry = take.take(grouped);

            assertThat(steps.snapshotStore.writtenOnce).containsExactlyInAnyOrder(folder + "CONTROL_REP1.csv",
                    folder + "TREATMENT_REP1.csv", folder + "TREATMENT_REP2.csv");
            assertThat(stored(folder + "TREATMENT_REP2.csv")).isEqualTo("sample,fastq_1,fastq_2,strandedness\n"
                    + "TREATMENT_REP2,s3://lab-input/rnaseq/AEG588A5_S5_L003_R1_001.fastq.gz,,reverse\n");
            assertThat(stored("submitted/" + claimed.requestId() + ".json")).contains(folder + "CONTROL_REP1.csv");
            assertThat(first.drop().status()).isEqualTo(DropStatus.SUBMITTING);
            assertThat(first.drop().runCount()).isEqualTo(3);
            assertThat(retry.drop().snapshot()).isEqualTo(first.drop().snapshot());
        }
    }

    @Test
    void a_whole_sheet_is_its_run_s_sheet_byte_for_byte_read_again_from_the_dropped_object() throws IOException {
        Pipeline whole = Steps.nfCore().named("rnaseq-whole").orElseThrow();
        String sheet = Files.readString(Steps.EVENTS.resolve("samplesheets/nfcore-rnaseq.csv"));
        Drop claimed = steps.claimed(steps.put("incoming/rnaseq-whole/run-42.csv", sheet));
        String folder = "submitted/" + claimed.requestId() + "/";
        int opensBefore = steps.store.opens;

        try (ReadAndCheck.Grouped grouped = grouped(claimed, whole, sheet, folder)) {
            take.take(grouped);
        }

        assertThat(steps.snapshotStore.writtenOnce).containsExactly(folder + "run-42.csv");
        assertThat(stored(folder + "run-42.csv")).isEqualTo(sheet);
        assertThat(steps.store.opens).isGreaterThan(opensBefore);
    }

    @Test
    void a_drop_that_ends_has_no_snapshot_to_take() {
        Drop claimed = steps.claimed(steps.put("incoming/cohort.json", Steps.VALID));

        assertThatThrownBy(() -> take.take(new ReadAndCheck.Ended(claimed, Outcome.Rejected.because("no"), null,
                null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(steps.snapshotStore.copies).isEmpty();
    }

    /** What the check step hands over for a per-sample sheet: its converted runs, rows and JSON in the spool. */
    ReadAndCheck.Grouped grouped(Drop drop, Pipeline pipeline, String sheet, String folder) throws IOException {
        MemorySpool.MemoryFile json = (MemorySpool.MemoryFile) steps.spool.create("runs", ".json");
        GroupedSheetConverter.Result result = new GroupedSheetConverter(steps.spool).convert(
                new ByteArrayInputStream(sheet.getBytes(StandardCharsets.UTF_8)), SheetFormat.CSV,
                pipeline.samplesheet().orElseThrow(), Preflight.NONE,
                new GroupedSheetConverter.Locations(Steps.BUCKET, folder, "run-42", ".csv"), json,
                ProgressListener.NONE);
        assertThat(result.report().valid()).isTrue();
        return new ReadAndCheck.Grouped(drop, result, json, sheet.length(), null);
    }
}
