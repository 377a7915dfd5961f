package io.omicsdropzone.infra;

import io.omicsdropzone.infra.IamEvaluator.Decision;
import io.omicsdropzone.infra.IamEvaluator.Need;
import io.omicsdropzone.infra.IamLedger.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every call of the ledger against the policies of the stack its environment stands for: a call of the
 * {@code single} deployment on the default workflow against {@link IamLedgerStacks#single()}, every other call (the
 * pipelines environments, and single-workflow environments configured with another workflow, as the pre-flight tests
 * are) against {@link IamLedgerStacks#pipelines()}, whose pipelines file names every workflow the tests deploy. The
 * harness's calls are set-up, not checked; the operator's are checked against the stack's resource-policy denies only
 * (the operator's own policy is not part of the stack).
 */
final class IamLedgerCheck {

    /** A call's need that the role's policies do not grant. */
    record Denial(String stack, Call call, Need need, Decision decision) {

        String describe() {
            Map<String, String> conditionKeys = new LinkedHashMap<>(need.context());
            BASE_CONTEXT.forEach(conditionKeys::remove);
            StringBuilder text = new StringBuilder("DENIED (" + stack + " stack) " + call.describe()
                    + "\n    role " + call.role() + " lacks " + need.action() + " on " + need.resource()
                    + (conditionKeys.isEmpty() ? "" : " with " + conditionKeys)
                    + "\n    rule: " + need.rule());
            if (decision.deniedBy() != null) {
                text.append("\n    explicitly denied by: ").append(decision.deniedBy().describe());
            } else {
                text.append("\n    closest statement: ")
                        .append(decision.closest() == null ? "(none)" : decision.closest().describe());
            }
            return text.toString();
        }
    }

    /** Context keys every call carries; left out of messages. */
    static final List<String> BASE_CONTEXT = List.of("aws:PrincipalArn", "aws:SecureTransport", "s3:TlsVersion");

    /** One verdict per distinct (stack, role, need): what the report shows and the bite test replays. */
    record Verdict(String stack, String role, Need need, Decision decision, List<Call> calls) {
    }

    record Result(List<Verdict> verdicts, List<Denial> denials, List<Call> unknownOperations,
                  Map<String, Map<String, Set<IamStatement>>> usedStatements, int checkedCalls) {

        /**
         * Identity statements of each role that granted nothing the ledger recorded: stack → role → statements. A
         * statement both stacks hold alike (same id and content) counts as used when either stack's calls used it: the
         * reconciler, say, runs the same in both deployments.
         */
        Map<String, Map<String, List<IamStatement>>> unused(List<IamPolicies> stacks) {
            Set<String> usedAnywhere = new java.util.HashSet<>();
            usedStatements.values().forEach(roles -> roles.forEach((role, statements) -> statements
                    .forEach(s -> usedAnywhere.add(role + "|" + s.describe()))));
            Map<String, Map<String, List<IamStatement>>> unused = new LinkedHashMap<>();
            for (IamPolicies stack : stacks) {
                for (String role : stack.roles()) {
                    List<IamStatement> none = stack.identity(role).stream()
                            .filter(s -> s.allows() && !usedAnywhere.contains(role + "|" + s.describe())).toList();
                    unused.computeIfAbsent(stack.name(), k -> new LinkedHashMap<>()).put(role, none);
                }
            }
            return unused;
        }
    }

    private IamLedgerCheck() {
    }

    static Result run(IamLedger ledger, IamPolicies single, IamPolicies pipelines) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        List<Call> unknown = new ArrayList<>();
        int checked = 0;
        for (Call call : ledger.calls()) {
            if (call.role().equals("harness")) {
                continue;
            }
            IamRequirements.Row row = IamRequirements.rowFor(call);
            if (row == null) {
                unknown.add(call);
                continue;
            }
            checked++;
            IamPolicies stack = stackFor(call, single, pipelines);
            IamRequirements.Arns arns = new IamRequirements.Arns(stack.names().region(), stack.names().account());
            for (Need raw : row.needs().apply(call, arns)) {
                Need need = inContext(stack, call.role(), raw, row.source());
                if (need == null) {
                    continue;
                }
                String key = stack.name() + "|" + call.role() + "|" + need.action() + "|" + need.resource() + "|"
                        + need.context();
                Verdict verdict = verdicts.computeIfAbsent(key, k -> new Verdict(stack.name(), call.role(), need,
                        decide(stack, call.role(), need), new ArrayList<>()));
                verdict.calls().add(call);
            }
        }
        return summarise(new ArrayList<>(verdicts.values()), unknown, checked);
    }

    /** The same verdicts decided again against other policies (one statement removed), for the bite test. */
    static Result replay(Result original, IamPolicies stack, String role) {
        List<Verdict> replayed = new ArrayList<>();
        for (Verdict verdict : original.verdicts()) {
            if (verdict.stack().equals(stack.name()) && verdict.role().equals(role)) {
                replayed.add(new Verdict(verdict.stack(), role, verdict.need(), decide(stack, role, verdict.need()),
                        verdict.calls()));
            }
        }
        return summarise(replayed, List.of(), original.checkedCalls());
    }

    private static Result summarise(List<Verdict> verdicts, List<Call> unknown, int checked) {
        List<Denial> denials = new ArrayList<>();
        Map<String, Map<String, Set<IamStatement>>> used = new LinkedHashMap<>();
        for (Verdict verdict : verdicts) {
            if (verdict.decision().allowed()) {
                used.computeIfAbsent(verdict.stack(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(verdict.role(), k -> new LinkedHashSet<>())
                        .addAll(verdict.decision().allowedBy());
            } else {
                denials.add(new Denial(verdict.stack(), verdict.calls().get(0), verdict.need(), verdict.decision()));
            }
        }
        return new Result(verdicts, denials, unknown, used, checked);
    }

    private static Decision decide(IamPolicies stack, String role, Need need) {
        return role.equals("operator") ? IamEvaluator.evaluateResourceDenies(stack, role, need)
                : IamEvaluator.evaluate(stack, role, need);
    }

    static IamPolicies stackFor(Call call, IamPolicies single, IamPolicies pipelines) {
        if (!call.deployment().equals("single")) {
            return pipelines;
        }
        String workflow = call.details().get("workflowId");
        boolean otherWorkflow = workflow != null && !workflow.equals(IamLedgerStacks.WORKFLOW_ID);
        return otherWorkflow || call.details().containsKey("versionName") ? pipelines : single;
    }

    /** The need with the request context every call carries (principal, TLS) and the stack's own names filled in. */
    private static Need inContext(IamPolicies stack, String role, Need need, String source) {
        String resource = need.resource();
        if (resource.equals(IamRequirements.TOPIC_KEY)) {
            if (stack.topicKeyArn() == null) {
                return null; // an unencrypted topic needs no key
            }
            resource = stack.topicKeyArn();
        }
        Map<String, String> context = new LinkedHashMap<>();
        context.put("aws:PrincipalArn", stack.principalArn(role));
        // Every SDK call goes over TLS 1.2 or later: the stack's TLS-only denies must not fire.
        context.put("aws:SecureTransport", "true");
        context.put("s3:TlsVersion", "1.3");
        context.putAll(need.context());
        return new Need(need.action(), resource, context, source);
    }
}
