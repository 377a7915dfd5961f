package io.omicsdropzone.validation;

import io.omicsdropzone.validation.InputObjects.Existence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner's decisions and the listing join, on an in-memory bucket ({@link ListedBucket}). */
class InputCheckPlannerTest {

    @Test
    void a_folder_is_listed_from_the_configured_number_of_inputs_on() {
        InputCheckPlanner planner = new InputCheckPlanner(8);

        assertThat(planner.lists(7)).isFalse();
        assertThat(planner.lists(8)).isTrue();
        assertThat(new InputCheckPlanner(Integer.MAX_VALUE).lists(1_000_000)).isFalse();
    }

    @Test
    void listing_goes_on_while_each_page_answers_at_least_two_inputs() {
        assertThat(InputCheckPlanner.keepListing(1, 2)).isTrue();
        assertThat(InputCheckPlanner.keepListing(1, 1)).isFalse();
        assertThat(InputCheckPlanner.keepListing(3, 5)).isFalse();
        assertThat(InputCheckPlanner.keepListing(3, 6)).isTrue();
    }

    @Test
    void the_listing_starts_just_before_the_first_name() {
        assertThat(InputCheckPlanner.startAfter("run-42/", "S17_R2.fastq.gz")).isEqualTo("run-42/S17_R2.fastq.gy");
        assertThat(InputCheckPlanner.startAfter("", "a")).isEqualTo("`");
        // a character above U+FFFF is dropped whole, never split into a lone surrogate
        assertThat(InputCheckPlanner.startAfter("d/", "x\uD83D\uDE00")).isEqualTo("d/x");
    }

    @Test
    void code_point_order_is_the_utf8_order_s3_lists_in() {
        // U+FFFD sorts before U+1F600 in UTF-8 (and code points), after it in UTF-16 (String.compareTo)
        assertThat(InputUse.compareCodePoints("\uFFFD", "\uD83D\uDE00")).isNegative();
        assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
    }

    @Test
    void one_listing_answers_a_folder_of_2500_objects_and_finds_the_missing_names() {
        ListedBucket bucket = new ListedBucket(1000);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            bucket.put("run-42/S" + String.format("%05d", i) + ".fq");
            names.add("S" + String.format("%05d", i) + ".fq");
        }
        names.add(1_000, "S00999a.fq"); // between two existing names
        names.add("S99999.fq"); // after the last
        Map<String, Existence> answers = new LinkedHashMap<>();
        int[] pages = new int[1];

        int answered = InputCheckPlanner.answerByListing(bucket, "b", "run-42/", names,
                (index, existence) -> answers.put(names.get(index), existence), pages);

        assertThat(answered).isEqualTo(names.size());
        assertThat(pages[0]).isEqualTo(3);
        assertThat(answers).hasSize(names.size());
        assertThat(answers.entrySet().stream().filter(e -> e.getValue() == Existence.MISSING).map(Map.Entry::getKey))
                .containsExactly("S00999a.fq", "S99999.fq");
    }

    @Test
    void a_listing_starts_at_the_first_name_not_at_the_start_of_the_folder() {
        ListedBucket bucket = new ListedBucket(1000);
        for (int i = 0; i < 5_000; i++) {
            bucket.put("big/K" + String.format("%05d", i));
        }
        List<String> names = List.of("K04990", "K04991", "K04992");
        int[] pages = new int[1];

        int answered = InputCheckPlanner.answerByListing(bucket, "b", "big/", names, (i, e) -> {
            assertThat(e).isEqualTo(Existence.FOUND);
        }, pages);

        assertThat(answered).isEqualTo(3);
        assertThat(pages[0]).isEqualTo(1);
        assertThat(bucket.startAfters).containsExactly("big/K0499/");
    }

    @Test
    void a_folder_of_unrelated_objects_stops_being_listed_when_pages_cost_more_than_heads() {
        // one name per 1,500 objects: each page answers at most one name
        ListedBucket bucket = new ListedBucket(1000);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            bucket.put("huge/O" + String.format("%06d", i));
            if (i % 1_500 == 0) {
                names.add("O" + String.format("%06d", i));
            }
        }
        int[] pages = new int[1];

        int answered = InputCheckPlanner.answerByListing(bucket, "b", "huge/", names, (i, e) -> { }, pages);

        assertThat(answered).isEqualTo(1);
        assertThat(pages[0]).isEqualTo(1);
    }

    @Test
    void a_denied_listing_answers_nothing() {
        ListedBucket bucket = new ListedBucket(1000);
        bucket.deniedPrefixes.add("secret/");
        int[] pages = new int[1];

        int answered = InputCheckPlanner.answerByListing(bucket, "b", "secret/", List.of("a", "b"),
                (i, e) -> { throw new AssertionError("nothing is answered"); }, pages);

        assertThat(answered).isZero();
    }
}
