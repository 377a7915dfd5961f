package io.omicsdropzone.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The policies of one synthesized stack, resolved: for each function role (submit, status, reconcile, found by their
 * handlers) the statements of every identity policy attached to it (CDK's DefaultPolicy, managed policies, inline
 * policies of the role), and the resource policies (bucket, topic and queue policies) whose explicit denies apply to
 * every caller.
 */
final class IamPolicies {

    static final Map<String, String> ROLE_HANDLERS = Map.of(
            "submit", SubmitPipeline.SUBMIT_HANDLER,
            "status", BatchTracking.STATUS_HANDLER,
            "reconcile", BatchTracking.RECONCILE_HANDLER);

    private final String name;
    private final IamNames names;
    private final Map<String, String> principalArns = new LinkedHashMap<>();
    private final Map<String, List<IamStatement>> identity = new LinkedHashMap<>();
    private final List<IamStatement> resourcePolicies = new ArrayList<>();
    private String topicKeyArn;

    private IamPolicies(String name, IamNames names) {
        this.name = name;
        this.names = names;
    }

    static IamPolicies of(String name, JsonNode template, Map<String, String> environment) {
        IamPolicies policies = new IamPolicies(name, new IamNames(template, environment));
        policies.read(template.path("Resources"));
        return policies;
    }

    private IamPolicies(IamPolicies from, String role, Predicate<IamStatement> keep) {
        this.name = from.name;
        this.names = from.names;
        this.principalArns.putAll(from.principalArns);
        from.identity.forEach((r, statements) -> identity.put(r,
                r.equals(role) ? statements.stream().filter(keep).toList() : statements));
        this.resourcePolicies.addAll(from.resourcePolicies);
        this.topicKeyArn = from.topicKeyArn;
    }

    /** The KMS key the notification topic is encrypted with (null when it is not). */
    String topicKeyArn() {
        return topicKeyArn;
    }

    /** The same policies with {@code statement} taken out of {@code role}'s identity policies. */
    IamPolicies without(String role, IamStatement statement) {
        return new IamPolicies(this, role, s -> !s.equals(statement));
    }

    String name() {
        return name;
    }

    IamNames names() {
        return names;
    }

    List<String> roles() {
        return List.copyOf(identity.keySet());
    }

    String principalArn(String role) {
        return role.equals("operator") ? IamNames.OPERATOR_ROLE_ARN : principalArns.get(role);
    }

    List<IamStatement> identity(String role) {
        return identity.getOrDefault(role, List.of());
    }

    List<IamStatement> resourcePolicies() {
        return resourcePolicies;
    }

    private void read(JsonNode resources) {
        ROLE_HANDLERS.forEach((role, handler) -> {
            List<String> functions = new ArrayList<>();
            resources.fields().forEachRemaining(e -> {
                if (handler.equals(e.getValue().path("Properties").path("Handler").asText())) {
                    functions.add(e.getKey());
                }
            });
            if (functions.size() != 1) {
                throw new IllegalStateException(name + ": expected one function with handler " + handler);
            }
            String roleId = resources.path(functions.get(0)).path("Properties").path("Role").path("Fn::GetAtt").get(0)
                    .asText();
            principalArns.put(role, names.roleArn(roleId));
            identity.put(role, identityStatements(resources, roleId));
        });
        resources.fields().forEachRemaining(e -> {
            if ("AWS::SNS::Topic".equals(e.getValue().path("Type").asText())) {
                topicKeyArn = names.resolve(e.getValue().path("Properties").path("KmsMasterKeyId"));
            }
        });
        resources.fields().forEachRemaining(e -> {
            String type = e.getValue().path("Type").asText();
            if (type.equals("AWS::S3::BucketPolicy") || type.equals("AWS::SNS::TopicPolicy")
                    || type.equals("AWS::SQS::QueuePolicy")) {
                JsonNode statements = e.getValue().path("Properties").path("PolicyDocument").path("Statement");
                for (int i = 0; i < statements.size(); i++) {
                    resourcePolicies.add(IamStatement.of(e.getKey(), i, statements.get(i), names));
                }
            }
        });
    }

    private List<IamStatement> identityStatements(JsonNode resources, String roleId) {
        List<IamStatement> statements = new ArrayList<>();
        JsonNode role = resources.path(roleId).path("Properties");
        for (JsonNode inline : role.path("Policies")) {
            add(statements, roleId + "." + inline.path("PolicyName").asText(), inline.path("PolicyDocument"));
        }
        for (JsonNode managed : role.path("ManagedPolicyArns")) {
            String ref = managed.path("Ref").asText(null);
            if (ref != null) {
                add(statements, ref, resources.path(ref).path("Properties").path("PolicyDocument"));
            } else {
                throw new IllegalStateException(name + ": role " + roleId + " attaches a managed policy the check "
                        + "cannot read: " + managed);
            }
        }
        resources.fields().forEachRemaining(e -> {
            String type = e.getValue().path("Type").asText();
            if ((type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::ManagedPolicy"))
                    && attachedTo(e.getValue().path("Properties").path("Roles"), roleId)) {
                add(statements, e.getKey(), e.getValue().path("Properties").path("PolicyDocument"));
            }
        });
        return List.copyOf(statements);
    }

    private static boolean attachedTo(JsonNode roles, String roleId) {
        for (JsonNode role : roles) {
            if (roleId.equals(role.path("Ref").asText())) {
                return true;
            }
        }
        return false;
    }

    private void add(List<IamStatement> into, String policyId, JsonNode document) {
        JsonNode statements = document.path("Statement");
        for (int i = 0; i < statements.size(); i++) {
            into.add(IamStatement.of(policyId, i, statements.get(i), names));
        }
    }
}
