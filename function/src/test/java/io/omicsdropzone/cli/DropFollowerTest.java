package io.omicsdropzone.cli;

import io.omicsdropzone.domain.BatchProgress;
import io.omicsdropzone.domain.ContentIdentity;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code drop}'s following and exit codes, on a scripted drops table and a clock the sleeps move. */
class DropFollowerTest {

    private static final Instant UPLOADED = Instant.parse("2026-12-06T10:00:00Z");
    private static final DroppedObject OBJECT = new DroppedObject("bucket", "incoming/run.json", "\"abc\"", 10, null,
            null);

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private Instant now = UPLOADED;

    private DropFollower.Outcome follow(DropFollower.Wait wait, Duration timeout, Drop... seen) throws Exception {
        return follow(DropFollower.NO_ORIGINAL, wait, timeout, seen);
    }

    private DropFollower.Outcome follow(java.util.function.Function<Drop, Optional<String>> originalOf,
                                        DropFollower.Wait wait, Duration timeout, Drop... seen) throws Exception {
        Deque<Optional<Drop>> script = new ArrayDeque<>();
        Arrays.stream(seen).forEach(drop -> script.add(Optional.ofNullable(drop)));
        Clock clock = fixedClock();
        // The last scripted record stays what the table answers.
        DropFollower follower = new DropFollower(id -> script.size() > 1 ? script.poll() : script.peek(), originalOf,
                new PrintStream(progress, true, StandardCharsets.UTF_8), clock, duration -> now = now.plus(duration),
                Duration.ofSeconds(2));
        return follower.follow(OBJECT.requestId(), wait, UPLOADED.plus(timeout), UPLOADED);
    }

    /** A clock that reads {@link #now}, which the sleeps move. */
    private Clock fixedClock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    private static Drop drop(DropStatus status, String batchStatus, Instant createdAt, List<String> errors,
                             Map<String, Long> counts) {
        String batchId = batchStatus == null ? null : "7000001";
        return new Drop(OBJECT.requestId(), status, OBJECT, "batch", 3, batchId, null, batchStatus, errors,
                errors.size(), 0, null, null, null, createdAt, createdAt, null,
                new BatchProgress(counts, null, null, null, null, null, 0, null));
    }

    private static Drop drop(DropStatus status, String batchStatus) {
        return drop(status, batchStatus, UPLOADED.plusSeconds(1), List.of(), Map.of());
    }

    @Test
    void waiting_for_the_end_follows_the_batch_to_processed_and_prints_each_change_once() throws Exception {
        DropFollower.Outcome outcome = follow(DropFollower.Wait.ENDED, Duration.ofHours(1), null, null,
                drop(DropStatus.RECEIVED, null), drop(DropStatus.SUBMITTED, "PENDING"),
                drop(DropStatus.SUBMITTED, "PENDING"), drop(DropStatus.SUBMITTED, "PROCESSED", UPLOADED.plusSeconds(1),
                        List.of(), Map.of("completedRunCount", 3L, "failedRunCount", 0L)));

        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.duplicate()).isFalse();
        assertThat(DropCommand.exitCode(outcome, DropFollower.Wait.ENDED)).isZero();
        String printed = progress.toString(StandardCharsets.UTF_8);
        assertThat(printed).containsOnlyOnce("waiting for the S3 event").containsOnlyOnce("RECEIVED")
                .containsOnlyOnce("SUBMITTED, batch 7000001 PENDING")
                .contains("SUBMITTED, batch 7000001 PROCESSED (3 of 3 runs completed, 0 failed)");
    }

    @Test
    void waiting_for_submission_stops_at_submitted() throws Exception {
        DropFollower.Outcome outcome = follow(DropFollower.Wait.SUBMITTED, Duration.ofHours(1),
                drop(DropStatus.SUBMITTING, null), drop(DropStatus.SUBMITTED, "CREATING"),
                drop(DropStatus.SUBMITTED, "PROCESSED"));

        assertThat(outcome.drop().batchStatus()).isEqualTo("CREATING");
        assertThat(DropCommand.exitCode(outcome, DropFollower.Wait.SUBMITTED)).isZero();
    }

    @Test
    void a_rejection_or_a_batch_that_did_not_process_exits_1() throws Exception {
        DropFollower.Outcome rejected = follow(DropFollower.Wait.ENDED, Duration.ofHours(1),
                drop(DropStatus.REJECTED, null, UPLOADED.plusSeconds(1), List.of("entry 0 /0/x: bad [line 2, column 3]"),
                        Map.of()));
        DropFollower.Outcome cancelled = follow(DropFollower.Wait.ENDED, Duration.ofHours(1),
                drop(DropStatus.SUBMITTED, "CANCELLED"));

        assertThat(DropCommand.exitCode(rejected, DropFollower.Wait.ENDED)).isEqualTo(1);
        assertThat(DropCommand.exitCode(cancelled, DropFollower.Wait.ENDED)).isEqualTo(1);
        assertThat(DropCommand.exitCode(follow(DropFollower.Wait.SUBMITTED, Duration.ofHours(1),
                drop(DropStatus.FAILED, null)), DropFollower.Wait.SUBMITTED)).isEqualTo(1);
    }

    @Test
    void a_drop_that_never_settles_times_out_with_exit_3() throws Exception {
        DropFollower.Outcome outcome = follow(DropFollower.Wait.ENDED, Duration.ofSeconds(30),
                drop(DropStatus.SUBMITTED, "INPROGRESS"));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.drop().batchStatus()).isEqualTo("INPROGRESS");
        assertThat(now).isEqualTo(UPLOADED.plusSeconds(30));
        assertThat(DropCommand.exitCode(outcome, DropFollower.Wait.ENDED)).isEqualTo(3);
    }

    @Test
    void identical_content_dropped_before_the_upload_is_reported_as_that_drop() throws Exception {
        DropFollower.Outcome outcome = follow(DropFollower.Wait.SUBMITTED, Duration.ofHours(1),
                drop(DropStatus.SUBMITTED, "PROCESSED", UPLOADED.minusSeconds(3600), List.of(), Map.of()));

        assertThat(outcome.duplicate()).isTrue();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("identical content was already dropped at "
                + UPLOADED.minusSeconds(3600));
    }

    @Test
    void a_drop_that_names_the_holder_of_its_content_is_followed_to_the_holders_outcome() throws Exception {
        // As content identity records it: the upload's own drop ends DUPLICATE, naming the drop that holds the bytes.
        Drop upload = new Drop("upload-request", DropStatus.DUPLICATE, OBJECT, "batch", 3, null, null, null,
                List.of(), 0, 0, null, null, null, UPLOADED.plusSeconds(1), UPLOADED.plusSeconds(1), null,
                BatchProgress.NONE).withContent(new ContentIdentity("ab12", OBJECT.requestId(), null));
        Drop holder = drop(DropStatus.SUBMITTED, "PROCESSED", UPLOADED.minusSeconds(60), List.of(), Map.of());

        DropFollower.Outcome outcome = follow(DropFollower.HOLDER_OF_CONTENT, DropFollower.Wait.ENDED,
                Duration.ofHours(1), upload, holder);

        assertThat(outcome.duplicate()).isTrue();
        assertThat(outcome.drop().requestId()).isEqualTo(OBJECT.requestId());
        assertThat(DropCommand.exitCode(outcome, DropFollower.Wait.ENDED)).isZero();
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .containsOnlyOnce("identical content is held by requestId " + OBJECT.requestId());
    }

    @Test
    void an_identical_re_upload_of_a_rejected_file_is_followed_through_its_new_validation() throws Exception {
        Drop rejected = drop(DropStatus.REJECTED, null, UPLOADED.minusSeconds(600), List.of("missing input"),
                Map.of());
        Drop linked = new Drop("linked-request", DropStatus.SUBMITTED, OBJECT, "batch", 3, "7000009", null,
                "PENDING", List.of(), 0, 0, null, null, null, UPLOADED.plusSeconds(2), UPLOADED.plusSeconds(2), null,
                BatchProgress.NONE);
        Deque<Optional<String>> linkedAppears = new ArrayDeque<>(List.of(Optional.empty(), Optional.empty(),
                Optional.of("linked-request")));
        DropFollower follower = new DropFollower(id -> id.equals("linked-request") ? Optional.of(linked)
                : Optional.of(rejected), DropFollower.HOLDER_OF_CONTENT,
                (rejectedId, since) -> rejectedId.equals(OBJECT.requestId()) && since.equals(UPLOADED)
                        ? linkedAppears.size() > 1 ? linkedAppears.poll() : linkedAppears.peek() : Optional.empty(),
                new PrintStream(progress, true, StandardCharsets.UTF_8), fixedClock(), duration -> now = now.plus(duration),
                Duration.ofSeconds(2));

        DropFollower.Outcome outcome = follower.follow(OBJECT.requestId(), DropFollower.Wait.SUBMITTED,
                UPLOADED.plusSeconds(3600), UPLOADED);

        assertThat(outcome.drop().requestId()).isEqualTo("linked-request");
        assertThat(outcome.duplicate()).isFalse();
        assertThat(DropCommand.exitCode(outcome, DropFollower.Wait.SUBMITTED)).isZero();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("an identical file was rejected at")
                .contains("validated again as requestId linked-request");
    }

    @Test
    void options_parse_durations_sizes_and_defaults() {
        DropCommand.Options defaults = DropCommand.parse(new String[] {"run.json", "s3://b/incoming/run.json"});
        DropCommand.Options ended = DropCommand.parse(new String[] {"run.json", "s3://b/k.json", "--wait", "ended",
                "--timeout", "90s", "--multipart-threshold", "8MiB", "--poll", "500ms"});

        assertThat(defaults.waitFor()).isEqualTo(DropFollower.Wait.SUBMITTED);
        assertThat(defaults.timeout()).isEqualTo(DropCommand.DEFAULT_TIMEOUT_SUBMITTED);
        assertThat(defaults.multipartThreshold()).isEqualTo(16L * 1024 * 1024);
        assertThat(ended.waitFor()).isEqualTo(DropFollower.Wait.ENDED);
        assertThat(ended.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(ended.poll()).isEqualTo(Duration.ofMillis(500));
        assertThat(ended.multipartThreshold()).isEqualTo(8L * 1024 * 1024);
        assertThat(DropCommand.duration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> DropCommand.parse(new String[] {"run.json", "s3://b/k.json", "--wait", "done"}))
                .hasMessageContaining("submitted or ended");
        assertThatThrownBy(() -> DropCommand.parse(new String[] {"run.json", "s3://b/k.json",
                "--multipart-threshold", "1MiB"})).hasMessageContaining("at least 5MiB");
        assertThatThrownBy(() -> DropCommand.parse(new String[] {"run.json"})).hasMessageContaining("drop takes");
    }
}
