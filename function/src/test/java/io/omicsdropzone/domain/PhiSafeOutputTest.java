package io.omicsdropzone.domain;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.disclosure.DisclosedText;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.disclosure.Field;
import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.domain.submission.SubmitDrop;
import io.omicsdropzone.domain.tracking.TrackBatch;
import io.omicsdropzone.json.JsonWriter;
import io.omicsdropzone.samplesheet.SheetError;
import io.omicsdropzone.spool.MemorySpool;
import io.omicsdropzone.validation.ValidationError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever the key and the file hold, no sensitive value reaches PHI-safe output. Keys are generated
 * (seeded, so a failure repeats) with a patient id in the file name and sometimes in the folders; the file's values,
 * its sample ids and the service's messages carry the id too. Every message builder runs in both modes, directly and
 * through the use cases on fakes: each FULL output must show the id (so the case really carries it to that builder),
 * and no PHI_SAFE output may hold it, or any part of it. What this covers is what leaves the account: notifications,
 * batch names and tags, the names of the sheets a batch reads, and the errors a drop records for its notification.
 */
class PhiSafeOutputTest {

    private static final String P = "PATIENT-4711";
    private static final String BUCKET = "dropzone-input";
    private static final Path EVENTS = Path.of("target", "test-classes", "events");
    private static final Pipelines PIPELINES = PipelinesFile.read(EVENTS.resolve("pipelines/nf-core.json"),
            new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack", "s3://out/runs/"));
    /** Routed to the nf-core pipeline that runs a whole sheet as one run named after the file. */
    private static final String PREFIX = "incoming/rnaseq-whole/";
    private static final List<String> PIECES = List.of("run", "tumour", "é", "日本", " ", "+", "=", "@", "(", ")",
            "_", "-", ".", "x", "v2", "%20", "~", "#");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    /** Key stems (no folder prefix, no extension), each holding the patient id in its file name. */
    static Stream<String> stems() {
        Random random = new Random(22);
        List<String> fixed = List.of(P, "incoming-" + P, P + "/" + P, "a/b/" + P + ".tumour");
        return Stream.concat(fixed.stream(), IntStream.range(0, 36).mapToObj(i -> {
            StringBuilder stem = new StringBuilder();
            for (int folder = random.nextInt(3); folder > 0; folder--) {
                stem.append(random.nextBoolean() ? P : piece(random)).append(piece(random)).append('/');
            }
            stem.append(piece(random)).append(random.nextBoolean() ? "" : piece(random)).append(P)
                    .append(random.nextBoolean() ? "" : piece(random));
            return stem.toString();
        }));
    }

    private static String piece(Random random) {
        return PIECES.get(random.nextInt(PIECES.size()));
    }

    @ParameterizedTest(name = "key {0}")
    @MethodSource("stems")
    void no_builder_lets_the_patient_id_through_in_phi_safe_mode_and_each_shows_it_in_full(String stem)
            throws IOException {
        Map<String, List<String>> full = outputs(stem, Disclosure.FULL);
        Map<String, List<String>> safe = outputs(stem, Disclosure.PHI_SAFE);

        assertThat(safe.keySet()).isEqualTo(full.keySet());
        full.forEach((builder, texts) -> assertThat(String.join("\n", texts)).as("FULL " + builder).contains(P));
        safe.forEach((builder, texts) -> assertThat(texts).as("PHI_SAFE " + builder).isNotEmpty()
                .allSatisfy(text -> assertThat(text).doesNotContain(P).doesNotContain("PATIENT")));
    }

    /** Every builder's output for one key in one mode, by builder. */
    private static Map<String, List<String>> outputs(String stem, Disclosure mode) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        DroppedObject json = new DroppedObject(BUCKET, PREFIX + stem + ".json", "0123456789abcdef", 100, "v1", "01");
        builders(json, mode, out);
        throughTheUseCases(stem, mode, out);
        return out;
    }

    private static void builders(DroppedObject object, Disclosure mode, Map<String, List<String>> out) {
        String uri = object.s3Uri();
        String file = object.key().substring(object.key().lastIndexOf('/') + 1);
        out.put("BatchNaming.batchName", List.of(BatchNaming.batchName(object, mode)));
        out.put("BatchNaming.batchTags", List.of(BatchNaming.batchTags(object, object.requestId(), mode).toString(),
                BatchNaming.batchTags(object, object.requestId(), mode, Map.of("team", "lab"), "rnaseq").toString()));

        ValidationError validation = new ValidationError(3, P, "/3/runTags/" + P, 4, 17,
                "tag value must be a string, found '" + P + "'", "tag value must be a string, found <withheld>");
        SheetError sheet = new SheetError(2, "sample", P + "_S1", "fastq_1", "'" + P + ".fastq.gz' is not an S3 URI",
                "<withheld> is not an S3 URI");
        BatchApiException service = new BatchApiException(Kind.VALIDATION, "ValidationException", 400,
                "Unable to read " + uri + " for runSettingId " + P, null);
        out.put("ValidationError.describe", List.of(validation.describe(mode)));
        out.put("SheetError.describe", List.of(sheet.describe(mode)));
        out.put("BatchApiException.describe", List.of(service.describe(mode)));

        Drop named = drop(object, DropStatus.SUBMITTED, BatchNaming.batchName(object, Disclosure.FULL), List.of());
        // Errors as the submitter records them in this mode, plus reasons that echo the key whatever the mode.
        Drop rejected = drop(object, DropStatus.REJECTED, "n", List.of(validation.describe(mode), sheet.describe(mode),
                "could not read " + uri, "file " + file + " changed while being read"));
        // Recorded before PHI_SAFE was switched on.
        Drop failed = drop(object, DropStatus.FAILED, "n", List.of(service.describe(Disclosure.FULL),
                "AccessDenied: S3 answered 403 for " + uri));
        out.put("Notification.outcomeOf", List.of(json(Notification.outcomeOf(named, mode)),
                json(Notification.outcomeOf(rejected, mode)), json(Notification.outcomeOf(failed, mode))));

        BatchObservation batch = new BatchObservation("1234567", named.batchArn(), "FAILED", T,
                Map.of("totalRuns", 2L, "failedStartSubmissionCount", 1L), "VALIDATION_ERROR",
                "run settings " + uri + " invalid for " + P);
        List<BatchRun> failedRuns = List.of(new BatchRun(P + "-run", null, null, "FAILED", "ValidationException",
                "outputUri s3://out/" + P + " is not writable"));
        out.put("Notification.completionOf",
                List.of(json(Notification.completionOf("BatchFailed", named, batch, failedRuns, mode))));
        out.put("Notification.batchNotFound", List.of(
                json(Notification.batchNotFound(named, "GetBatch: batch 1234567 of " + uri + " is gone", mode)),
                json(Notification.batchNotFound(named, DisclosedText.builder().text("GetBatch: batch 1234567")
                        .field(Field.serviceMessage(" (", "no batch for " + uri, ")", null)).build(), mode))));

        DroppedObject upload = new DroppedObject(BUCKET, object.key(), object.etag(), 100, "v9", null);
        Drop duplicate = new Drop(upload.requestId(), DropStatus.DUPLICATE, upload, null, 0, null, null, null,
                List.of(), 0, 0, null, null, null, T, T, null, BatchProgress.NONE);
        out.put("Notification.duplicateFile/duplicateContent", List.of(
                json(Notification.duplicateFile(named, upload, "v9", mode)),
                json(Notification.duplicateContent(duplicate, named, mode)),
                json(Notification.duplicateContent(duplicate, null, mode))));
    }

    /** SubmitDrop and TrackBatch on fakes: what they send to HealthOmics, write as sheets, record and publish. */
    private static void throughTheUseCases(String stem, Disclosure mode, Map<String, List<String>> out)
            throws IOException {
        MutableClock clock = new MutableClock(T);
        InMemoryDrops drops = new InMemoryDrops();
        MemoryStore store = new MemoryStore();
        MemoryBatches omics = new MemoryBatches();
        RecordingNotifier notifier = new RecordingNotifier();
        MemorySnapshots snapshots = new MemorySnapshots(store);
        SubmitDrop submit = new SubmitDrop(new SubmitDrop.Ports(drops, store,
                new Snapshots(snapshots, Snapshots.DEFAULT_PREFIX), omics, notifier, new MemorySpool()), PIPELINES,
                mode, null, clock, Duration.ofMinutes(15), clock::advance);
        Map<String, Drop> settled = new LinkedHashMap<>();

        settled.put("valid file", submit(submit, store, stem + ".json",
                "[{\"runSettingId\":\"S1\",\"parameters\":{\"sample\":\"S1\"}}]", clock));
        settled.put("invalid file", submit(submit, store, stem + "-bad.json", "[{\"runSettingId\":\"" + P
                + "\",\"outputUri\":\"https://" + P + "/out\",\"runTags\":{\"" + P + "\":4711}},{\"runSettingId\":\""
                + P + "\"}]", clock));
        store.failHead(BUCKET, PREFIX + stem + "-denied.json", new ObjectAccessDeniedException("HeadObject",
                "AccessDenied (HTTP 403)"));
        settled.put("access denied", submit.handle(new DroppedObject(BUCKET, PREFIX + stem + "-denied.json", "e1", 10,
                null, "01"), clock.instant().plus(Duration.ofMinutes(14))).drop());
        omics.failNextStart(new BatchApiException(Kind.VALIDATION, "ValidationException", 400,
                "Unable to read s3://" + BUCKET + "/" + PREFIX + stem + "-refused.json for " + P, null));
        settled.put("StartRunBatch refused", submit(submit, store, stem + "-refused.json",
                "[{\"runSettingId\":\"S1\"}]", clock));
        settled.put("valid sheet", submit(submit, store, stem + ".csv",
                Files.readString(EVENTS.resolve("samplesheets/nfcore-rnaseq.csv")), clock));
        settled.put("invalid sheet", submit(submit, store, stem + "-bad.csv", "sample,fastq_1,fastq_2,strandedness\n"
                + P + "_S1,s3://lab-input/" + P + "_R1.fastq.gz,,sideways\n"
                + P + " S2,/data/" + P + "_R1.fastq.gz,,auto\n", clock));

        TrackBatch track = new TrackBatch(drops, omics, notifier, mode, clock, Duration.ofMinutes(2));
        Drop batch = settled.get("valid file");
        omics.state(new BatchObservation(batch.batchId(), batch.batchArn(), "FAILED", clock.instant(),
                Map.of("totalRuns", 1L, "failedStartSubmissionCount", 1L), "VALIDATION_ERROR",
                "run settings " + batch.object().s3Uri() + " invalid"));
        omics.runs(batch.batchId(), List.of(new BatchRun(P, null, null, "FAILED", "ValidationException",
                "outputUri s3://out/" + P + " is not writable")), List.of());
        track.apply(omics.getBatch(batch.batchId()));
        Drop sheetBatch = drops.get(settled.get("valid sheet").requestId());
        track.closeNotFound(sheetBatch, "no batch for " + sheetBatch.object().s3Uri());

        assertThat(settled.values()).extracting(Drop::status).containsExactly(DropStatus.SUBMITTED,
                DropStatus.REJECTED, DropStatus.FAILED, DropStatus.FAILED, DropStatus.SUBMITTED, DropStatus.REJECTED);
        settled.forEach((what, drop) -> {
            if (!drop.errors().isEmpty()) {
                out.put("SubmitDrop records: " + what, drop.errors());
            }
        });
        out.put("SubmitDrop → StartRunBatch name and tags", omics.startCalls.stream()
                .map(request -> request.batchName() + " " + request.tags()).toList());
        out.put("SubmitDrop → the run's sheet", List.copyOf(snapshots.writtenOnce));
        List<String> published = new ArrayList<>();
        notifier.published.forEach(notification -> published.add(json(notification)));
        out.put("SubmitDrop and TrackBatch → notifications", published);
    }

    private static Drop submit(SubmitDrop submit, MemoryStore store, String name, String content, MutableClock clock) {
        String key = PREFIX + name;
        String etag = Integer.toHexString((key + content).hashCode());
        store.put(BUCKET, key, etag, content);
        DroppedObject object = new DroppedObject(BUCKET, key, etag, content.getBytes(StandardCharsets.UTF_8).length,
                null, "01");
        return submit.handle(object, clock.instant().plus(Duration.ofMinutes(14))).drop();
    }

    private static Drop drop(DroppedObject object, DropStatus status, String batchName, List<String> errors) {
        boolean submitted = status == DropStatus.SUBMITTED;
        return new Drop(object.requestId(), status, object, batchName, 1, submitted ? "1234567" : null,
                submitted ? "arn:aws:omics:us-east-1:123456789012:runBatch/1234567" : null,
                submitted ? "PENDING" : null, errors, errors.size(), 0, null, null, null, T, T, null,
                BatchProgress.NONE);
    }

    private static String json(Notification notification) {
        return notification.notificationId() + " " + JsonWriter.write(notification.body());
    }
}
