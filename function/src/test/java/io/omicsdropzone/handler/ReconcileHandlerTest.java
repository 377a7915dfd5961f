package io.omicsdropzone.handler;

import io.omicsdropzone.app.ReconcilePass;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.tracking.ReconcileBatches;
import io.omicsdropzone.domain.tracking.SweepStuckDrops;
import io.omicsdropzone.domain.tracking.TrackBatch;
import io.omicsdropzone.metrics.EmfDocument;
import io.omicsdropzone.metrics.EmfWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pass that leaves persistent problems fails the invocation, so the function's error alarm fires. */
class ReconcileHandlerTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final List<String> emf = new ArrayList<>();

    ReconcileHandler handler() {
        TrackBatch track = new TrackBatch(drops, omics, notifier, Disclosure.FULL, clock, Duration.ofMinutes(2));
        ReconcileBatches batches = new ReconcileBatches(drops, omics, track, clock, Duration.ofMinutes(5));
        SweepStuckDrops sweep = new SweepStuckDrops(drops, drop -> { }, notifier, Disclosure.FULL, clock,
                Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofMinutes(15), omics);
        return new ReconcileHandler(new ReconcilePass(batches, sweep,
                EmfWriter.forFunction(emf::add, "omics-dropzone-Reconcile", clock)), 50);
    }

    void invoke() {
        handler().handleRequest(new ByteArrayInputStream("{}".getBytes()), new ByteArrayOutputStream(),
                null); // the handler reads nothing from its context
    }

    Drop submittedBatch() {
        DroppedObject object = new DroppedObject("b", "incoming/k.json", "e", 1, null, null);
        Drop claimed = drops.claim(object, "k", clock.instant(), Duration.ofMinutes(15)).drop();
        StartedBatch batch = omics.startRunBatch(new BatchRequest(claimed.requestId(), "k", object.s3Uri(),
                new DefaultRunSetting("1", "arn:aws:iam::123456789012:role/r", "{}"), Map.of()));
        Drop done = drops.recordSubmitted(drops.markSubmitting(claimed, 1, clock.instant()), batch, clock.instant());
        drops.markNotified(done, clock.instant());
        return done;
    }

    @Test
    void a_batch_whose_get_batch_keeps_failing_fails_the_third_invocation() {
        Drop drop = submittedBatch();
        omics.failGetBatch(drop.batchId(), new BatchApiException(BatchApiException.Kind.ACCESS_DENIED,
                "AccessDeniedException", 403, "no omics:GetBatch", null), 10);

        clock.advance(Duration.ofMinutes(6));
        assertThatCode(this::invoke).doesNotThrowAnyException();
        clock.advance(Duration.ofMinutes(6));
        assertThatCode(this::invoke).doesNotThrowAnyException();
        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(this::invoke).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 batch(es) whose GetBatch failed 3 times in a row");

        // Every pass writes its counts, the failing ones included (the failure alarm needs data, not silence).
        assertThat(emf).hasSize(3);
        List<EmfDocument> passes = emf.stream().map(EmfDocument::parse).toList();
        assertThat(passes).allSatisfy(pass -> {
            assertThat(pass.dimension("Function")).isEqualTo("omics-dropzone-Reconcile");
            assertThat(pass.units()).containsOnlyKeys("StuckDropsSwept", "ReconcileErrors");
            assertThat(pass.value("ReconcileErrors")).isEqualTo(1);
            assertThat(pass.value("StuckDropsSwept")).isZero();
        });
    }
}
