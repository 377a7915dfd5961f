package io.omicsdropzone.domain.submission;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.PipelineFingerprint;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.spool.MemorySpool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The in-memory fakes of our own ports every step test drives a step on, and a few drops to start from. */
final class Steps {

    static final String BUCKET = "dropzone-input";
    static final Duration LEASE = Duration.ofMinutes(15);
    static final String VALID = "[{\"runSettingId\":\"S1\",\"parameters\":{\"sample\":\"S1\"}},"
            + "{\"runSettingId\":\"S2\",\"parameters\":{\"sample\":\"S2\"}}]";
    static final DefaultRunSetting SETTING = new DefaultRunSetting("1234567",
            "arn:aws:iam::123456789012:role/omics-runs",
            "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics-runs\"}");
    static final PipelinesFile.Defaults DEFAULTS = new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/stack",
            "s3://out/runs/");
    /** Two named pipelines: wgs takes JSON and per-row sheets, rnaseq JSON only. */
    static final Pipelines PIPELINES = PipelinesFile.parse("""
            {"pipelines": [
              {"name": "wgs", "keyPrefix": "incoming/wgs/", "batchTags": {"team": "germline"},
               "defaultRunSetting": {"workflowId": "1111111"},
               "samplesheet": {"columns": ["sample", "fastq_1"],
                               "runSetting": {"runSettingId": "{sample}", "parameters": {"reads": "{fastq_1}"}}}},
              {"name": "rnaseq", "keyPrefix": "incoming/rnaseq/", "defaultRunSetting": {"workflowId": "3333333"}}]}""",
            DEFAULTS);
    /** The nf-core pipelines of the sample events: rnaseq one run per sample, rnaseq-whole the sheet as one run. */
    static final Path EVENTS = Path.of("target", "test-classes", "events");

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryStore store = new MemoryStore();
    final MemorySnapshots snapshotStore = new MemorySnapshots(store);
    final Snapshots snapshots = new Snapshots(snapshotStore, Snapshots.DEFAULT_PREFIX);
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final MemorySpool spool = new MemorySpool();
    final List<Duration> sleeps = new ArrayList<>();
    /** Waits by moving the clock, remembering each wait. */
    final SubmitDrop.Sleeper sleeper = wait -> {
        sleeps.add(wait);
        clock.advance(wait);
    };

    static Pipelines nfCore() {
        return PipelinesFile.read(EVENTS.resolve("pipelines/nf-core.json"), DEFAULTS);
    }

    Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(14));
    }

    /** An object under {@code key} holding {@code content}, and the event announcing it (upload {@code upload}). */
    DroppedObject put(String key, String content, String upload) {
        String etag = Integer.toHexString((key + content).hashCode());
        store.put(BUCKET, key, etag, content);
        return new DroppedObject(BUCKET, key, etag, content.getBytes(StandardCharsets.UTF_8).length, null, upload);
    }

    DroppedObject put(String key, String content) {
        return put(key, content, "01");
    }

    /** An event for a key that holds nothing. */
    static DroppedObject event(String key) {
        return new DroppedObject(BUCKET, key, "0123456789abcdef", 2, null, "01");
    }

    /** The event's drop, claimed by this invocation (RECEIVED, leased). */
    Drop claimed(DroppedObject object) {
        return ((SubmitRepository.Claimed) drops.claim(object, "batch", clock.instant(), LEASE)).drop();
    }

    /** {@code drop} as a re-drive of {@code original} validated for {@code ranWith}. */
    static Drop redrive(Drop drop, String original, PipelineFingerprint ranWith) {
        return new Drop(drop.requestId(), drop.status(), drop.object(), drop.batchName(), drop.runCount(),
                drop.batchId(), drop.batchArn(), drop.batchStatus(), drop.errors(), drop.errorCount(), drop.attempts(),
                drop.lastError(), drop.leaseOwner(), drop.leaseUntil(), drop.createdAt(), drop.updatedAt(),
                drop.notifiedAt(), drop.progress(), drop.parametersNotChecked(), drop.snapshot(), original,
                drop.redrives(), drop.duplicateUploads(), drop.pipeline(), drop.content(), drop.supersedes(), ranWith);
    }

    /** {@code drop} as another invocation that took it over left it (this one outlived its lease). */
    static Drop takenOver(Drop drop) {
        return new Drop(drop.requestId(), drop.status(), drop.object(), drop.batchName(), drop.runCount(),
                drop.batchId(), drop.batchArn(), drop.batchStatus(), drop.errors(), drop.errorCount(), drop.attempts(),
                drop.lastError(), "other-invocation", drop.leaseUntil(), drop.createdAt(), drop.updatedAt(),
                drop.notifiedAt(), drop.progress(), drop.parametersNotChecked(), drop.snapshot(), drop.redriveOf(),
                drop.redrives(), drop.duplicateUploads(), drop.pipeline(), drop.content(), drop.supersedes(),
                drop.ranWith());
    }
}
