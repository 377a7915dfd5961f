package io.omicsdropzone.domain.pipeline;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A dropped nf-core sheet through SubmitDrop: the runs' sheets are written once, and only for a valid sheet. */
class NfCoreSubmitTest {

    static final String BUCKET = "dropzone-input";
    static final Path EVENTS = Path.of("target", "test-classes", "events");
    static final Pipelines PIPELINES = PipelinesFile.read(EVENTS.resolve("pipelines/nf-core.json"),
            new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack", "s3://out/runs/"));

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryStore store = new MemoryStore();
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final MemorySnapshots snapshots = new MemorySnapshots(store);

    DroppedObject put(String key, String content) {
        String etag = Integer.toHexString((key + content).hashCode());
        store.put(BUCKET, key, etag, content);
        return new DroppedObject(BUCKET, key, etag, content.getBytes(StandardCharsets.UTF_8).length, null, "01");
    }

    Drop drop(DroppedObject object) {
        SubmitDrop submit = new SubmitDrop(new SubmitDrop.Ports(drops, store,
                new Snapshots(snapshots, Snapshots.DEFAULT_PREFIX), omics, notifier, new MemorySpool()), PIPELINES,
                Disclosure.FULL, null, clock, Duration.ofMinutes(15), clock::advance);
        return submit.handle(object, clock.instant().plus(Duration.ofMinutes(14))).drop();
    }

    Optional<String> object(String key) {
        return store.head(BUCKET, key).map(head -> {
            try (InputStream in = store.open(BUCKET, key, head.etag())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static String sheet(String name) throws IOException {
        return Files.readString(EVENTS.resolve("samplesheets").resolve(name));
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_per_sample_sheet_writes_one_sheet_per_sample_then_starts_one_batch_of_one_run_per_sample()
            throws IOException {
        Drop drop = drop(put("incoming/rnaseq/run-42.csv", sheet("nfcore-rnaseq.csv")));

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(3);
        String folder = "submitted/" + drop.requestId() + "/";
        assertThat(snapshots.writtenOnce).containsExactlyInAnyOrder(folder + "CONTROL_REP1.csv",
                folder + "TREATMENT_REP1.csv", folder + "TREATMENT_REP2.csv");
        assertThat(object(folder + "TREATMENT_REP2.csv")).contains("sample,fastq_1,fastq_2,strandedness\n"
                + "TREATMENT_REP2,s3://lab-input/rnaseq/AEG588A5_S5_L003_R1_001.fastq.gz,,reverse\n");
        assertThat(omics.startCalls).singleElement()
                .satisfies(request -> assertThat(request.batchName()).isEqualTo("run-42"));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) JsonReader.read(
                object("submitted/" + drop.requestId() + ".json").orElseThrow());
        assertThat(runs).extracting(run -> ((Map<String, Object>) run.get("parameters")).get("input"))
                .containsExactly("s3://" + BUCKET + "/" + folder + "CONTROL_REP1.csv",
                        "s3://" + BUCKET + "/" + folder + "TREATMENT_REP1.csv",
                        "s3://" + BUCKET + "/" + folder + "TREATMENT_REP2.csv");
    }

    @Test
    void a_sheet_an_earlier_attempt_wrote_is_never_rewritten() throws IOException {
        DroppedObject object = put("incoming/rnaseq/run-43.csv", sheet("nfcore-rnaseq.csv"));
        String key = "submitted/" + object.requestId() + "/CONTROL_REP1.csv";
        store.put(BUCKET, key, "earlier-attempt", "as an earlier attempt wrote it"); // it died before recording

        Drop drop = drop(object);

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(store.head(BUCKET, key).orElseThrow().etag()).isEqualTo("earlier-attempt");
        assertThat(snapshots.writtenOnce).hasSize(2).doesNotContain(key);
    }

    @Test
    void a_resume_after_start_run_batch_failed_writes_no_sheet_again() throws IOException {
        DroppedObject object = put("incoming/rnaseq/run-44.csv", sheet("nfcore-rnaseq.csv"));
        omics.failNextStart(new BatchApiException(BatchApiException.Kind.THROTTLING, "ThrottlingException", 429,
                "slow down", null));
        assertThatThrownBy(() -> drop(object)).isInstanceOf(BatchApiException.class);
        assertThat(snapshots.writtenOnce).hasSize(3);

        Drop drop = drop(object);

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(snapshots.writtenOnce).hasSize(3);
        assertThat(omics.startCalls).hasSize(2).extracting(r -> r.requestId()).containsOnly(object.requestId());
    }

    @Test
    void a_rejected_sheet_writes_nothing() throws IOException {
        Drop drop = drop(put("incoming/rnaseq/bad.csv", sheet("nfcore-rnaseq-invalid.csv")));

        assertThat(drop.status()).isEqualTo(DropStatus.REJECTED);
        assertThat(drop.errors()).hasSize(4); // the missing FASTQ needs input checks, off here
        assertThat(snapshots.writtenOnce).isEmpty();
        assertThat(object("submitted/" + drop.requestId() + ".json")).isEmpty();
        assertThat(omics.startCalls).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void whole_copies_the_dropped_sheet_byte_for_byte_keeping_its_extension() throws IOException {
        String content = "\uFEFF" + sheet("nfcore-rnaseq.csv").replace("\n", "\r\n");

        Drop drop = drop(put("incoming/rnaseq-whole/Plate 7.CSV", content));

        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drop.runCount()).isEqualTo(1);
        String key = "submitted/" + drop.requestId() + "/Plate_7-" + "";
        assertThat(snapshots.writtenOnce).singleElement().satisfies(written -> {
            assertThat(written).startsWith(key).endsWith(".CSV");
            assertThat(object(written)).contains(content);
        });
        List<Map<String, Object>> runs = (List<Map<String, Object>>) JsonReader.read(
                object("submitted/" + drop.requestId() + ".json").orElseThrow());
        assertThat(runs).singleElement().satisfies(run -> assertThat(run).containsEntry("runSettingId", "Plate 7"));
        assertThat(omics.startCalls.get(0).batchName()).isEqualTo("Plate 7");
    }
}
