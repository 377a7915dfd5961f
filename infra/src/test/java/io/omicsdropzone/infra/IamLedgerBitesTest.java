package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proof that the ledger check bites: each Allow statement of each function role, taken out of the synthesized policies
 * in turn, either makes at least one recorded call denied (naming the call, the role and the missing action) or is a
 * statement the check already reports as unused. A statement that is neither would be a grant the check cannot see
 * (another statement grants the same), and fails this test.
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
    void removing_any_statement_a_call_used_denies_that_call_and_every_other_statement_is_reported_unused() {
        List<String> invisible = new ArrayList<>();
        List<String> bitten = new ArrayList<>();
        int removed = 0;
        for (IamPolicies stack : List.of(single, pipelines)) {
            for (String role : stack.roles()) {
                Set<IamStatement> used = result.usedStatements().getOrDefault(stack.name(), java.util.Map.of())
                        .getOrDefault(role, Set.of());
                for (IamStatement statement : stack.identity(role)) {
                    if (!statement.allows()) {
                        continue;
                    }
                    removed++;
                    IamLedgerCheck.Result without = IamLedgerCheck.replay(result, stack.without(role, statement), role);
                    List<IamLedgerCheck.Denial> fresh = without.denials().stream()
                            .filter(d -> !result.denials().contains(d)).toList();
                    if (!fresh.isEmpty()) {
                        IamLedgerCheck.Denial first = fresh.get(0);
                        assertThat(first.call().role()).isEqualTo(role);
                        assertThat(statement.actions()).as("the missing action is one the statement granted")
                                .anySatisfy(action -> assertThat(IamEvaluator.glob(action, first.need().action(),
                                        true)).isTrue());
                        bitten.add(stack.name() + " / " + role + " without " + statement.id() + " -> "
                                + first.describe().lines().limit(2).reduce((a, b) -> a + " | " + b).orElse(""));
                    } else if (used.contains(statement)) {
                        invisible.add(stack.name() + " / " + role + ": " + statement.describe()
                                + " (another statement grants every call it granted)");
                    }
                }
            }
        }
        System.out.println("IAM ledger bite test: " + removed + " statements removed one at a time; "
                + bitten.size() + " made a recorded call fail:\n  " + String.join("\n  ", bitten));
        assertThat(invisible).as("statements whose removal the ledger cannot see").isEmpty();
        assertThat(bitten).as("at least one statement per function role is needed by a recorded call").isNotEmpty();
    }
}
