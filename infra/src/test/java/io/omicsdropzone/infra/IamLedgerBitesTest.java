package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proof that the ledger check bites: each Allow statement of each function role, taken out of the synthesized policies
 * in turn, makes at least one recorded call denied (naming the call, the role and the missing action), or the same
 * statement does so in the other ledger stack (the tracking roles are identical in both), or the check reports it
 * unused. A statement that is none of these would be a grant the check cannot see (another statement grants all it
 * granted), and fails this test.
 */
class IamLedgerBitesTest {

    static IamLedger ledger;
    static IamPolicies single;
    static IamPolicies pipelines;
    static IamLedgerCheck.Result result;

    @BeforeAll
    static void checkTheLedger() {
        Assumptions.assumeTrue(IamLedger.exists(), "no IAM call ledger: run the local module's tests first");
        ledger = IamLedger.read();
        single = IamPolicies.of("single", IamLedgerStacks.single(), ledger.environment());
        pipelines = IamPolicies.of("pipelines", IamLedgerStacks.pipelines(), ledger.environment());
        result = IamLedgerCheck.run(ledger, single, pipelines);
    }

    @Test
    void removing_any_statement_denies_a_recorded_call_or_the_statement_is_reported_unused() {
        List<IamPolicies> stacks = List.of(single, pipelines);
        Set<String> bitingStatements = new HashSet<>();
        List<String> bitten = new ArrayList<>();
        List<String[]> notBitten = new ArrayList<>();
        int removed = 0;
        for (IamPolicies stack : stacks) {
            for (String role : stack.roles()) {
                for (IamStatement statement : stack.identity(role)) {
                    if (!statement.allows()) {
                        continue;
                    }
                    removed++;
                    IamLedgerCheck.Result without = IamLedgerCheck.replay(result, stack.without(role, statement), role);
                    List<IamLedgerCheck.Denial> fresh = without.denials().stream()
                            .filter(d -> !result.denials().contains(d)).toList();
                    if (fresh.isEmpty()) {
                        notBitten.add(new String[] {stack.name(), role, statement.describe()});
                        continue;
                    }
                    IamLedgerCheck.Denial first = fresh.get(0);
                    assertThat(first.call().role()).isEqualTo(role);
                    assertThat(statement.actions()).as("the missing action is one the statement granted")
                            .anySatisfy(action -> assertThat(IamEvaluator.glob(action, first.need().action(), true))
                                    .isTrue());
                    bitingStatements.add(role + "|" + statement.describe());
                    bitten.add(stack.name() + " / " + role + " without " + statement.id() + " -> "
                            + first.describe().lines().limit(2).reduce((a, b) -> a + " | " + b).orElse(""));
                }
            }
        }
        Map<String, Map<String, List<IamStatement>>> unused = result.unused(stacks);
        List<String> invisible = new ArrayList<>();
        int sameInOtherStack = 0;
        int reportedUnused = 0;
        for (String[] statement : notBitten) {
            boolean listed = unused.get(statement[0]).get(statement[1]).stream()
                    .anyMatch(s -> s.describe().equals(statement[2]));
            if (listed) {
                reportedUnused++;
            } else if (bitingStatements.contains(statement[1] + "|" + statement[2])) {
                sameInOtherStack++;
            } else {
                invisible.add(statement[0] + " / " + statement[1] + ": " + statement[2]);
            }
        }
        System.out.println("IAM ledger bite test: " + removed + " statements removed one at a time: "
                + bitten.size() + " made a recorded call fail, " + sameInOtherStack
                + " are the same statement as one that did in the other stack, " + reportedUnused
                + " are reported unused.\n  " + String.join("\n  ", bitten));
        assertThat(invisible).as("statements whose removal the ledger cannot see (another statement grants the same)")
                .isEmpty();
        assertThat(bitingStatements).as("statements whose removal a recorded call shows")
                .anyMatch(s -> s.startsWith("submit|")).anyMatch(s -> s.startsWith("status|"))
                .anyMatch(s -> s.startsWith("reconcile|"));
    }
}
