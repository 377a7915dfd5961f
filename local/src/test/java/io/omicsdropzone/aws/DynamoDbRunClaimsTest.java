package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.redrive.RunClaims;
import io.omicsdropzone.local.StandInsTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims of an original's runs against the DynamoDB stand-in: one owner per run, however many claim at once. */
class DynamoDbRunClaimsTest extends StandInsTestBase {

    static List<String> runs(int count) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add("sample-" + i);
        }
        return runs;
    }

    @Test
    void claims_never_change_owner_and_an_owner_reads_back_exactly_its_runs() {
        RunClaims claims = env.dropzone().runClaims();
        String original = UUID.randomUUID().toString();

        Map<String, String> first = claims.claim(original, "redrive-a", runs(3));
        Map<String, String> second = claims.claim(original, "redrive-b", runs(5));

        assertThat(first.values()).containsOnly("redrive-a");
        assertThat(second).containsEntry("sample-0", "redrive-a").containsEntry("sample-4", "redrive-b");
        assertThat(claims.claimedBy(original, "redrive-a")).containsExactlyInAnyOrder("sample-0", "sample-1",
                "sample-2");
        assertThat(claims.claimedBy(original, "redrive-b")).containsExactlyInAnyOrder("sample-3", "sample-4");
        assertThat(claims.owners(original, List.of("sample-4", "sample-9"))).containsOnly(
                Map.entry("sample-4", "redrive-b"));
    }

    @Test
    void concurrent_claims_of_the_same_runs_give_each_run_exactly_one_owner() throws Exception {
        RunClaims claims = env.dropzone().runClaims();
        String original = UUID.randomUUID().toString();
        List<String> all = runs(300);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                String owner = "redrive-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return claims.claim(original, owner, all);
                }));
            }
            start.countDown();
            Map<String, String> agreed = new HashMap<>();
            for (Future<Map<String, String>> answer : answers) {
                answer.get().forEach((run, owner) -> {
                    String before = agreed.putIfAbsent(run, owner);
                    assertThat(before == null || before.equals(owner)).as("one owner for " + run).isTrue();
                });
            }
            Set<String> owned = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                for (String run : claims.claimedBy(original, "redrive-" + i)) {
                    assertThat(owned.add(run)).as(run + " claimed twice").isTrue();
                }
            }
            assertThat(owned).containsExactlyInAnyOrderElementsOf(all);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void claim_items_are_not_drops() {
        env.dropzone().runClaims().claim(UUID.randomUUID().toString(), "redrive-x", runs(2));

        List<Drop> drops = env.dropzone().drops().listAll();

        assertThat(drops).allSatisfy(drop -> assertThat(drop.status()).isNotNull());
    }
}
