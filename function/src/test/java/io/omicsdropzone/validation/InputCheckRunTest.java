package io.omicsdropzone.validation;

import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The input checks of a whole scan with the folder planner, on an in-memory bucket ({@link ListedBucket}). */
class InputCheckRunTest {

    /** A clock the test moves: here, one second per S3 request. */
    static final class TickingClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-06T10:00:00Z").toEpochMilli());

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final class MemoryProgress implements CheckProgressStore {
        final Map<String, String> saved = new ConcurrentHashMap<>();

        @Override
        public Optional<String> load(String bucket, String requestId) {
            return Optional.ofNullable(saved.get(bucket + "/" + requestId));
        }

        @Override
        public void save(String bucket, String requestId, String progress) {
            saved.put(bucket + "/" + requestId, progress);
        }
    }

    static ValidationReport validate(String json, Preflight preflight) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new RunSettingsValidator().validate(new ByteArrayInputStream(bytes), bytes.length,
                ProgressListener.NONE, preflight);
    }

    /** {@code runs} entries, each naming {@code s3://lab/<folder(i)>S<i>_R1.fq} and {@code _R2.fq}. */
    static String file(int runs, java.util.function.IntFunction<String> folder) {
        StringBuilder file = new StringBuilder("[");
        for (int i = 0; i < runs; i++) {
            String dir = folder.apply(i);
            file.append(i == 0 ? "" : ",\n").append("{\"runSettingId\":\"S").append(i)
                    .append("\",\"parameters\":{\"fastq_1\":\"s3://lab/").append(dir).append("S").append(i)
                    .append("_R1.fq\",\"fastq_2\":\"s3://lab/").append(dir).append("S").append(i).append("_R2.fq\"}}");
        }
        return file.append("]").toString();
    }

    @Test
    void a_folder_holding_many_inputs_is_answered_by_one_listing_and_a_missing_one_at_its_entry() throws IOException {
        ListedBucket lab = new ListedBucket(1000);
        for (int i = 0; i < 300; i++) {
            lab.put("run-42/S" + i + "_R1.fq");
            if (i != 217) {
                lab.put("run-42/S" + i + "_R2.fq");
            }
            lab.put("run-42/S" + i + "_R1.fq.md5"); // unrelated objects beside them
        }
        lab.put("other/S300_R1.fq");
        lab.put("other/S300_R2.fq");

        ValidationReport report = validate(file(301, i -> i < 300 ? "run-42/" : "other/"),
                new Preflight(null, lab, List.of(), 4, new MemorySpool()));

        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.entryIndex()).isEqualTo(217);
            assertThat(error.runSettingId()).isEqualTo("S217");
            assertThat(error.pointer()).isEqualTo("/217/parameters/fastq_2");
            assertThat(error.message()).isEqualTo("s3://lab/run-42/S217_R2.fq does not exist");
        });
        // 600 inputs in run-42/: one page (900 objects); the 2 in other/ are too few to list
        assertThat(lab.pages.get()).isEqualTo(1);
        assertThat(lab.heads.get()).isEqualTo(2);
    }

    @Test
    void with_listing_switched_off_each_distinct_input_is_one_head() throws IOException {
        ListedBucket lab = new ListedBucket(1000);
        for (int i = 0; i < 100; i++) {
            lab.put("run-42/S" + i + "_R1.fq");
            lab.put("run-42/S" + i + "_R2.fq");
        }

        ValidationReport report = validate(file(100, i -> "run-42/"),
                new Preflight(null, lab, List.of(), 4, new MemorySpool()).listingFrom(Integer.MAX_VALUE));

        assertThat(report.valid()).isTrue();
        assertThat(lab.heads.get()).isEqualTo(200);
        assertThat(lab.pages.get()).isZero();
    }

    @Test
    void a_denied_listing_falls_back_to_head_and_its_403_message() throws IOException {
        ListedBucket lab = new ListedBucket(1000);
        lab.deniedPrefixes.add("locked/");
        lab.deniedKeys.add("locked/S3_R2.fq");
        for (int i = 0; i < 10; i++) {
            lab.put("locked/S" + i + "_R1.fq");
            lab.put("locked/S" + i + "_R2.fq");
        }

        ValidationReport report = validate(file(10, i -> "locked/"),
                new Preflight(null, lab, List.of(), 2, new MemorySpool()));

        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/3/parameters/fastq_2");
            assertThat(error.message()).startsWith("cannot read 's3://lab/locked/S3_R2.fq': access denied to the"
                    + " dropzone").contains("so the runs would be denied too");
        });
        assertThat(lab.pages.get()).isEqualTo(1);
        assertThat(lab.heads.get()).isEqualTo(20);
    }

    @Test
    void checks_that_outlast_their_share_of_the_invocation_continue_on_the_next_attempt() throws IOException {
        // 40 runs, each in its own folder: 80 HEADs, one per second of the test's clock
        ListedBucket lab = new ListedBucket(1000);
        for (int i = 0; i < 40; i++) {
            lab.put("d" + i + "/S" + i + "_R1.fq");
            if (i != 10 && i != 37) {
                lab.put("d" + i + "/S" + i + "_R2.fq");
            }
        }
        TickingClock clock = new TickingClock();
        lab.onRequest = () -> clock.millis.addAndGet(1_000);
        MemoryProgress progress = new MemoryProgress();
        String file = file(40, i -> "d" + i + "/");
        Preflight checks = new Preflight(null, lab, List.of(), 1, new MemorySpool());

        // 50 s left: the checks take 80 % (40 s), about half the inputs
        assertThatThrownBy(() -> validate(file, checks.within(new CheckAttempt(clock,
                clock.instant().plusSeconds(50), progress, "drops", "req-1", false))))
                .isInstanceOf(InputChecksIncompleteException.class)
                .hasMessageStartingWith("input checks stopped at their share of the invocation's time: 40 of 80 input"
                        + " references confirmed (50 %) after 1 attempt(s); this attempt confirmed 40 in 40.0 s (1 per"
                        + " second) with 40 S3 requests (40 HeadObject, 0 ListObjectsV2)");
        assertThat(lab.heads.get()).isEqualTo(40);

        ValidationReport second = validate(file, checks.within(new CheckAttempt(clock,
                clock.instant().plusSeconds(600), progress, "drops", "req-1", true)));

        // the second attempt asked only the 40 inputs the first did not: nothing was asked twice
        assertThat(lab.heads.get()).isEqualTo(80);
        // d10/ sorts among the first 40 inputs (the first attempt's), d37/ among the last: both are reported
        assertThat(second.errors()).extracting(ValidationError::describe).containsExactly(
                "entry 10 (runSettingId S10) /10/parameters/fastq_2: s3://lab/d10/S10_R2.fq does not exist [line 11,"
                        + " column 82]",
                "entry 37 (runSettingId S37) /37/parameters/fastq_2: s3://lab/d37/S37_R2.fq does not exist [line"
                        + " 38, column 82]");
        assertThat(second.errorCount()).isEqualTo(2);
        // finished: a later validation of the same content starts over
        assertThat(CheckProgress.resumable(progress.saved.get("drops/req-1"), clock.instant())).isEmpty();
        assertThat(lab.heads.get()).isEqualTo(80);
    }

    @Test
    void progress_of_other_content_or_too_old_is_not_used() {
        CheckProgress saved = new CheckProgress(InputUse.of("s3://lab/d/x", 0, null, "", 1, 1), 10, List.of(), 0,
                1_000, 1, Instant.parse("2026-12-06T10:00:00Z"), false);

        assertThat(CheckProgress.resumable(saved.toJson(), Instant.parse("2026-12-06T15:59:00Z"))).isPresent();
        assertThat(CheckProgress.resumable(saved.toJson(), Instant.parse("2026-12-06T16:01:00Z"))).isEmpty();
        assertThat(CheckProgress.resumable("{not json", Instant.parse("2026-12-06T10:01:00Z"))).isEmpty();
        assertThat(CheckProgress.MAX_AGE).isEqualTo(Duration.ofHours(6));
    }
}
