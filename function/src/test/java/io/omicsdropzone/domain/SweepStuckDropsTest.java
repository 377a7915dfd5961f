package io.omicsdropzone.domain;

import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepStuckDropsTest {

    static final Duration STUCK_AFTER = Duration.ofMinutes(30);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration LEASE = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final RecordingNotifier notifier = new RecordingNotifier();
    final List<String> resumed = new ArrayList<>();

    SweepStuckDrops sweep() {
        return new SweepStuckDrops(drops, drop -> resumed.add(drop.requestId()), notifier, Disclosure.FULL, clock,
                STUCK_AFTER, GIVE_UP_AFTER, LEASE);
    }

    /** A drop claimed now whose invocation then died without a word (lease ends with the Lambda timeout). */
    Drop crashedDrop(String key) {
        DroppedObject object = new DroppedObject("dropzone-input", key, "etag-" + key.hashCode(), 10, null, null);
        return drops.claim(object, "name", clock.instant(), LEASE).drop();
    }

    @Test
    void a_drop_is_left_alone_until_its_lease_ended_and_it_was_quiet_for_stuck_drop_after() {
        Drop drop = crashedDrop("incoming/a.json");

        clock.advance(Duration.ofMinutes(29));
        assertThat(sweep().run(50).resumed()).isZero();

        clock.advance(Duration.ofMinutes(2));
        SweepStuckDrops.Summary summary = sweep().run(50);

        assertThat(summary.resumed()).isEqualTo(1);
        assertThat(resumed).containsExactly(drop.requestId());
    }

    @Test
    void two_passes_resume_a_stuck_drop_once() {
        Drop drop = crashedDrop("incoming/b.json");
        clock.advance(Duration.ofMinutes(31));

        sweep().run(50);
        sweep().run(50); // a concurrent or immediately repeated pass

        assertThat(resumed).containsExactly(drop.requestId());
        clock.advance(STUCK_AFTER.plusMinutes(1)); // still stuck a while later: resumed again
        sweep().run(50);
        assertThat(resumed).containsExactly(drop.requestId(), drop.requestId());
    }

    @Test
    void a_drop_unsettled_after_give_up_after_fails_with_its_last_error_and_one_notification() {
        Drop drop = crashedDrop("incoming/c.json");
        drops.releaseAfterRetryableError(drop, "ThrottlingException: Rate exceeded", clock.instant());
        clock.advance(GIVE_UP_AFTER.plusMinutes(1));

        SweepStuckDrops.Summary summary = sweep().run(50);
        clock.advance(STUCK_AFTER.plusMinutes(1));
        sweep().run(50);

        assertThat(summary.gaveUp()).isEqualTo(1);
        assertThat(resumed).isEmpty(); // no further attempt
        Drop failed = drops.get(drop.requestId());
        assertThat(failed.status()).isEqualTo(DropStatus.FAILED);
        assertThat(failed.errors()).singleElement().asString()
                .contains("gave up", "PT24H", "ThrottlingException: Rate exceeded");
        assertThat(failed.settled()).isTrue();
        assertThat(drops.inOpenDrops(drop.requestId())).isFalse();
        assertThat(notifier.types()).containsExactly(Notification.SUBMISSION_FAILED);
    }

    @Test
    void a_settled_but_unannounced_drop_is_announced_as_it_is() {
        Drop drop = crashedDrop("incoming/d.json");
        drops.recordRejected(drop, 3, List.of("entry 0 /0: bad"), 1, clock.instant());
        clock.advance(GIVE_UP_AFTER.plusMinutes(1));

        sweep().run(50);

        assertThat(drops.get(drop.requestId()).status()).isEqualTo(DropStatus.REJECTED);
        assertThat(notifier.types()).containsExactly(Notification.FILE_REJECTED);
    }

    @Test
    void a_failed_publish_on_give_up_is_retried_by_a_later_pass() {
        Drop drop = crashedDrop("incoming/e.json");
        clock.advance(GIVE_UP_AFTER.plusMinutes(1));
        notifier.failNext(new IllegalStateException("SNS unavailable"));

        SweepStuckDrops.Summary first = sweep().run(50);
        clock.advance(STUCK_AFTER.plusMinutes(1)); // the give-up lease has ended by then
        SweepStuckDrops.Summary second = sweep().run(50);

        assertThat(first.errors()).singleElement().asString().contains("SNS unavailable");
        assertThat(second.gaveUp()).isEqualTo(1);
        assertThat(notifier.types()).containsExactly(Notification.SUBMISSION_FAILED);
        assertThat(drops.get(drop.requestId()).settled()).isTrue();
    }

    @Test
    void a_resume_that_cannot_start_is_reported_and_retried_next_time() {
        Drop drop = crashedDrop("incoming/f.json");
        clock.advance(Duration.ofMinutes(31));
        SweepStuckDrops failing = new SweepStuckDrops(drops, d -> {
            throw new IllegalStateException("Invoke answered 429");
        }, notifier, Disclosure.FULL, clock, STUCK_AFTER, GIVE_UP_AFTER, LEASE);

        SweepStuckDrops.Summary summary = failing.run(50);

        assertThat(summary.errors()).singleElement().asString().contains(drop.requestId(), "429");
        clock.advance(STUCK_AFTER.plusMinutes(1));
        assertThat(sweep().run(50).resumed()).isEqualTo(1);
    }

    @Test
    void settled_drops_are_not_in_the_sweep() {
        Drop drop = crashedDrop("incoming/g.json");
        Drop rejected = drops.recordRejected(drop, 0, List.of("bad"), 1, clock.instant());
        drops.markNotified(rejected, clock.instant());
        clock.advance(GIVE_UP_AFTER.plusHours(1));

        assertThat(sweep().run(50).examined()).isZero();
    }
}
