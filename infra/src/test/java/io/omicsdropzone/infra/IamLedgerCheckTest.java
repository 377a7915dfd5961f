package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.omicsdropzone.infra.IamLedger.Call;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven: every AWS call the local module's end-to-end tests recorded at the stand-ins (the call
 * ledger) is checked against the policies the stack synthesizes for the role that made it. {@code ./mvnw verify} runs
 * the local module's tests first, so the ledger is the whole suite's; run alone, this class checks whatever ledger the
 * last local test run left (and is skipped when there is none).
 */
class IamLedgerCheckTest {

    static IamLedger ledger;
    static IamPolicies single;
    static IamPolicies pipelines;
    static IamLedgerCheck.Result result;

    @BeforeAll
    static void checkTheLedger() {
        Assumptions.assumeTrue(IamLedger.exists(), "no IAM call ledger in " + IamLedger.directory().toAbsolutePath()
                + ": run the local module's tests first (./mvnw verify runs them before infra's)");
        ledger = IamLedger.read();
        single = IamPolicies.of("single", IamLedgerStacks.single(), ledger.environment());
        pipelines = IamPolicies.of("pipelines", IamLedgerStacks.pipelines(), ledger.environment());
        result = IamLedgerCheck.run(ledger, single, pipelines);
        IamLedgerReport.write(Path.of("target"), ledger, result, List.of(single, pipelines));
    }

    @Test
    void every_recorded_call_is_allowed_for_the_role_that_made_it() {
        assertThat(result.denials())
                .as("calls the synthesized policies deny (details in target/iam-ledger.md):\n%s",
                        denialsByStatement())
                .isEmpty();
    }

    /** One example per role, operation, missing action and closest statement (keys differ call by call). */
    private static String denialsByStatement() {
        Map<String, List<IamLedgerCheck.Denial>> groups = result.denials().stream().collect(Collectors.groupingBy(
                d -> d.stack() + d.call().role() + d.call().operation() + d.need().action()
                        + (d.decision().closest() == null ? "" : d.decision().closest().id()),
                java.util.LinkedHashMap::new, Collectors.toList()));
        return groups.values().stream().map(list -> list.get(0).describe()
                        + (list.size() > 1 ? "\n    (and " + (list.size() - 1) + " more like it)" : ""))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void every_recorded_operation_has_a_row_in_the_table() {
        assertThat(result.unknownOperations())
                .as("operations without a row in IamRequirements (add one, citing the AWS page):\n%s",
                        result.unknownOperations().stream().map(c -> c.service() + ":" + c.operation() + " by "
                                + c.role()).distinct().collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void no_role_holds_an_unused_wildcard_action() {
        Map<String, Map<String, List<IamStatement>>> unused = result.unused(List.of(single, pipelines));
        List<String> wildcards = unused.values().stream().flatMap(roles -> roles.entrySet().stream()
                        .flatMap(e -> e.getValue().stream().filter(IamStatement::hasWildcardAction)
                                .map(s -> e.getKey() + ": " + s.describe())))
                .toList();
        assertThat(wildcards).as("wildcard actions no call needed").isEmpty();
    }

    @Test
    void each_function_role_made_checked_calls() {
        Map<String, Long> byRole = ledger.calls().stream()
                .collect(Collectors.groupingBy(Call::role, Collectors.counting()));
        assertThat(byRole).as("calls per role in the ledger").containsKeys("submit", "status", "reconcile");
        assertThat(result.checkedCalls()).isPositive();
    }
}
