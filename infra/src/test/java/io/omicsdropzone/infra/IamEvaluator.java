package io.omicsdropzone.infra;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM policy evaluation for the subset this stack uses, within one account: an explicit {@code Deny} in the caller's
 * identity policies or in a resource policy that names the caller wins; otherwise an {@code Allow} in the identity
 * policies grants; otherwise the request is implicitly denied
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * <p>Supported: {@code Action}/{@code NotAction} and {@code Resource}/{@code NotResource} with {@code *} and {@code ?}
 * wildcards (actions case-insensitive, resources case-sensitive); condition operators {@code String(Not)Equals},
 * {@code String(Not)Like}, {@code StringEqualsIgnoreCase}, {@code Arn(Not)Equals}, {@code Arn(Not)Like}, {@code Bool},
 * {@code NumericLessThan(Equals)}/{@code GreaterThan(Equals)}, {@code Null}, each with {@code ...IfExists}
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html). A key the
 * request does not carry fails a positive operator and satisfies a negated one or an {@code IfExists} one. Any other
 * operator fails the check loudly, so a new one in the stack is implemented here before it is trusted.
 */
final class IamEvaluator {

    /** What one call needs: an action on a resource, with the request context its conditions read. */
    record Need(String action, String resource, Map<String, String> context, String rule) {
    }

    /** The answer: allowed by these statements, or denied (explicitly by {@code deniedBy}, else implicitly). */
    record Decision(boolean allowed, List<IamStatement> allowedBy, IamStatement deniedBy, IamStatement closest) {
    }

    private IamEvaluator() {
    }

    /** The operator's identity policy is not the stack's: only the stack's resource-policy denies are checked. */
    static Decision evaluateResourceDenies(IamPolicies policies, String role, Need need) {
        String principal = policies.principalArn(role);
        for (IamStatement statement : policies.resourcePolicies()) {
            if (!statement.allows() && names(statement, principal) && applies(statement, need)) {
                return new Decision(false, List.of(), statement, statement);
            }
        }
        return new Decision(true, List.of(), null, null);
    }

    static Decision evaluate(IamPolicies policies, String role, Need need) {
        String principal = policies.principalArn(role);
        List<IamStatement> identity = policies.identity(role);
        for (IamStatement statement : identity) {
            if (!statement.allows() && applies(statement, need)) {
                return new Decision(false, List.of(), statement, statement);
            }
        }
        for (IamStatement statement : policies.resourcePolicies()) {
            if (!statement.allows() && names(statement, principal) && applies(statement, need)) {
                return new Decision(false, List.of(), statement, statement);
            }
        }
        List<IamStatement> allowedBy = new ArrayList<>();
        for (IamStatement statement : identity) {
            if (statement.allows() && applies(statement, need)) {
                allowedBy.add(statement);
            }
        }
        if (!allowedBy.isEmpty()) {
            return new Decision(true, List.copyOf(allowedBy), null, null);
        }
        return new Decision(false, List.of(), null, closest(identity, need));
    }

    /** The Allow that came nearest: the action matched (most), the resource matched, the conditions held. */
    private static IamStatement closest(List<IamStatement> statements, Need need) {
        IamStatement best = null;
        int bestScore = -1;
        for (IamStatement statement : statements) {
            if (!statement.allows()) {
                continue;
            }
            int score = (actionMatches(statement, need.action()) ? 4 : 0)
                    + (resourceMatches(statement, need.resource()) ? 2 : 0)
                    + (conditionsHold(statement, need.context()) ? 1 : 0);
            if (score > bestScore) {
                best = statement;
                bestScore = score;
            }
        }
        return best;
    }

    static boolean applies(IamStatement statement, Need need) {
        return actionMatches(statement, need.action()) && resourceMatches(statement, need.resource())
                && conditionsHold(statement, need.context());
    }

    private static boolean names(IamStatement statement, String principal) {
        return statement.principals().stream().anyMatch(p -> p.equals("*") || p.equals(principal));
    }

    static boolean actionMatches(IamStatement statement, String action) {
        boolean any = statement.actions().stream().anyMatch(pattern -> glob(pattern, action, true));
        return statement.notAction() != any;
    }

    static boolean resourceMatches(IamStatement statement, String resource) {
        boolean any = statement.resources().stream().anyMatch(pattern -> glob(pattern, resource, false));
        return statement.notResource() != any;
    }

    static boolean conditionsHold(IamStatement statement, Map<String, String> context) {
        for (Map.Entry<String, Map<String, List<String>>> operator : statement.conditions().entrySet()) {
            for (Map.Entry<String, List<String>> key : operator.getValue().entrySet()) {
                if (!holds(operator.getKey(), context.get(key.getKey()), key.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operatorName, String value, List<String> policyValues) {
        boolean ifExists = operatorName.endsWith("IfExists");
        String operator = ifExists ? operatorName.substring(0, operatorName.length() - "IfExists".length())
                : operatorName;
        if (operator.equals("Null")) {
            boolean wantsAbsent = Boolean.parseBoolean(policyValues.get(0));
            return wantsAbsent == (value == null);
        }
        boolean negated = operator.contains("Not");
        if (value == null) {
            if (!isKnown(operator)) {
                throw new IllegalArgumentException("condition operator " + operatorName + " is not implemented");
            }
            return ifExists || negated;
        }
        boolean any = switch (operator) {
            case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" ->
                    policyValues.contains(value);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" ->
                    policyValues.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" ->
                    policyValues.stream().anyMatch(v -> glob(v, value, false));
            case "Bool" -> policyValues.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            case "NumericLessThan" -> policyValues.stream().anyMatch(v -> number(value).compareTo(number(v)) < 0);
            case "NumericLessThanEquals" -> policyValues.stream().anyMatch(v -> number(value).compareTo(number(v)) <= 0);
            case "NumericGreaterThan" -> policyValues.stream().anyMatch(v -> number(value).compareTo(number(v)) > 0);
            case "NumericGreaterThanEquals" ->
                    policyValues.stream().anyMatch(v -> number(value).compareTo(number(v)) >= 0);
            default -> throw new IllegalArgumentException("condition operator " + operatorName + " is not implemented");
        };
        return negated != any;
    }

    private static boolean isKnown(String operator) {
        return List.of("StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals", "StringEqualsIgnoreCase",
                "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "ArnLike", "ArnNotLike", "Bool",
                "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals")
                .contains(operator);
    }

    private static BigDecimal number(String text) {
        return new BigDecimal(text.trim());
    }

    /** IAM's wildcards: {@code *} any run of characters (slashes included), {@code ?} one character. */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        return PATTERNS.computeIfAbsent((ignoreCase ? "i:" : "s:") + pattern, key -> compile(pattern, ignoreCase))
                .matcher(value).matches();
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> PATTERNS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern compile(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return ignoreCase ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                : Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
