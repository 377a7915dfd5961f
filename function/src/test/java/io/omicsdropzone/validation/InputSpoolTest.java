package io.omicsdropzone.validation;

import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class InputSpoolTest {

    @Test
    void uses_come_back_sorted_after_spilling_to_the_spool_and_merging_in_several_passes() throws IOException {
        Random random = new Random(7);
        List<InputUse> added = new ArrayList<>();
        MemorySpool files = new MemorySpool();
        // 100 uses per run and a fan-in of 4: 50 runs need two merge passes before the last
        try (InputSpool spool = new InputSpool(files, 100, 4)) {
            for (int i = 0; i < 5_000; i++) {
                InputUse use = InputUse.of("s3://b" + random.nextInt(3) + "/dir" + random.nextInt(20) + "/f"
                        + random.nextInt(1_000), i, "r" + i, "/" + i + "/parameters/x", i + 1, 7);
                added.add(use);
                spool.add(use);
            }
            assertThat(spool.spilledRuns()).isEqualTo(50);

            List<InputUse> sorted = new ArrayList<>();
            try (InputSpool.Cursor cursor = spool.sorted()) {
                for (InputUse use; (use = cursor.next()) != null; ) {
                    sorted.add(use);
                }
            }

            added.sort(InputUse.ORDER);
            assertThat(sorted).hasSize(5_000);
            for (int i = 0; i < sorted.size(); i++) {
                assertThat(InputUse.ORDER.compare(sorted.get(i), added.get(i))).isZero();
            }
            assertThat(sorted).containsExactlyInAnyOrderElementsOf(added);
            // 50 spilled runs, merged 4 into 1 until at most 4 are left: 16 merges leave 2, the merged 64 are deleted
            assertThat(files.created).hasSize(66);
            assertThat(files.open()).hasSize(2);
        }
        assertThat(files.open()).isEmpty(); // closing the spool deletes what is left
    }

    @Test
    void a_uri_is_parsed_into_bucket_folder_and_name_or_a_prefix() {
        InputUse object = InputUse.of("s3://lab-raw/run-42/S17_R1.fastq.gz", 0, null, "", 1, 1);
        InputUse root = InputUse.of("s3://lab-raw/ref.fa", 0, null, "", 1, 1);
        InputUse prefix = InputUse.of("s3://lab-raw/run-42/", 0, null, "", 1, 1);
        InputUse bucket = InputUse.of("s3://lab-raw", 0, null, "", 1, 1);

        assertThat(object).extracting(InputUse::bucket, InputUse::folder, InputUse::name, InputUse::prefix)
                .containsExactly("lab-raw", "run-42/", "S17_R1.fastq.gz", false);
        assertThat(root).extracting(InputUse::folder, InputUse::name).containsExactly("", "ref.fa");
        assertThat(prefix).extracting(InputUse::folder, InputUse::prefix).containsExactly("run-42/", true);
        assertThat(bucket).extracting(InputUse::folder, InputUse::prefix).containsExactly("", true);
        assertThat(object.uri()).isEqualTo("s3://lab-raw/run-42/S17_R1.fastq.gz");
    }
}
