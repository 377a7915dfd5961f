package io.omicsdropzone.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsdropzone.infra.IamLedger.Call;
import io.omicsdropzone.infra.IamLedgerCheck.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code target/iam-ledger.json} (every distinct need of every role with its verdict, the statements that granted it,
 * the calls behind it; unused statements; operations without a row) and {@code target/iam-ledger.md}, the same as a
 * table: role → operation → action → statement → how many calls.
 */
final class IamLedgerReport {

    private IamLedgerReport() {
    }

    static void write(Path directory, IamLedger ledger, IamLedgerCheck.Result result, List<IamPolicies> stacks) {
        try {
            Files.createDirectories(directory);
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("calls", ledger.calls().size());
            root.put("checkedCalls", result.checkedCalls());
            ArrayNode verdicts = root.putArray("verdicts");
            for (Verdict verdict : result.verdicts()) {
                ObjectNode node = verdicts.addObject();
                node.put("stack", verdict.stack());
                node.put("role", verdict.role());
                node.put("action", verdict.need().action());
                node.put("resource", verdict.need().resource());
                ObjectNode context = node.putObject("context");
                verdict.need().context().forEach(context::put);
                node.put("allowed", verdict.decision().allowed());
                ArrayNode grantedBy = node.putArray("grantedBy");
                verdict.decision().allowedBy().forEach(s -> grantedBy.add(s.id()));
                if (verdict.decision().deniedBy() != null) {
                    node.put("deniedBy", verdict.decision().deniedBy().id());
                }
                if (!verdict.decision().allowed() && verdict.decision().closest() != null) {
                    node.put("closest", verdict.decision().closest().describe());
                }
                node.put("rule", verdict.need().rule());
                ArrayNode calls = node.putArray("calls");
                verdict.calls().stream().limit(20).forEach(call -> calls.add(call.describe()));
                node.put("callCount", verdict.calls().size());
            }
            ObjectNode unused = root.putObject("unusedStatements");
            result.unused(stacks).forEach((stack, roles) -> {
                ObjectNode byRole = unused.putObject(stack);
                roles.forEach((role, statements) -> {
                    ArrayNode list = byRole.putArray(role);
                    statements.forEach(s -> list.add(s.describe()));
                });
            });
            ArrayNode unknown = root.putArray("unknownOperations");
            result.unknownOperations().forEach(call -> unknown.add(call.describe()));
            json.writerWithDefaultPrettyPrinter().writeValue(directory.resolve("iam-ledger.json").toFile(), root);
            Files.writeString(directory.resolve("iam-ledger.md"), table(ledger, result, stacks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String table(IamLedger ledger, IamLedgerCheck.Result result, List<IamPolicies> stacks) {
        // stack | role | operation | action | verdict/statement → calls
        Map<String, Integer> rows = new TreeMap<>();
        for (Verdict verdict : result.verdicts()) {
            String operations = verdict.calls().stream().map(c -> c.service() + ":" + c.operation()).distinct()
                    .sorted().collect(Collectors.joining(", "));
            String granted = verdict.decision().allowed()
                    ? (verdict.decision().allowedBy().isEmpty() ? "(no resource-policy deny)"
                    : verdict.decision().allowedBy().stream().map(IamLedgerReport::shortName)
                    .collect(Collectors.joining(", ")))
                    : "**DENIED**";
            String key = "| " + verdict.role() + " | " + verdict.stack() + " | " + operations + " | `"
                    + verdict.need().action() + "` | " + granted + " |";
            rows.merge(key, verdict.calls().size(), Integer::sum);
        }
        StringBuilder text = new StringBuilder("# IAM call ledger\n\n")
                .append(ledger.calls().size()).append(" recorded calls, ").append(result.checkedCalls())
                .append(" made by function or operator roles and checked; ").append(result.denials().size())
                .append(" denied needs; ").append(result.unknownOperations().size())
                .append(" calls of operations without a row.\n\n")
                .append("| Role | Stack | Operations | Action | Granted by | Needs met (calls) |\n")
                .append("|---|---|---|---|---|---|\n");
        rows.forEach((row, calls) -> text.append(row).append(' ').append(calls).append(" |\n"));
        text.append("\n## Statements no recorded call used\n\n");
        result.unused(stacks).forEach((stack, roles) -> roles.forEach((role, statements) -> statements.forEach(
                s -> text.append("- ").append(stack).append(" / ").append(role).append(": ").append(s.describe())
                        .append('\n'))));
        return text.toString();
    }

    /** A statement as the table in docs/deploy.md names it: its Sid, or its actions when it has none (CDK grants). */
    static String shortName(IamStatement statement) {
        return statement.sid().isEmpty() ? String.join("+", statement.actions()) : statement.sid();
    }

    static String callsOf(List<Call> calls) {
        return calls.stream().map(Call::describe).collect(Collectors.joining("\n  "));
    }
}
