package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Reads a synthesized template by intent: resources found by what they are (a function by its handler, a role by
 * its function, a policy by its role), intrinsic functions rendered as readable strings
 * ({@code {"Ref":"X"}} → {@code ${X}}, {@code {"Fn::GetAtt":["X","Arn"]}} → {@code ${X.Arn}}, joins concatenated),
 * so assertions never spell a hashed logical id.
 */
final class Cfn {

    /** An IAM statement, normalized: actions and resources sorted, intrinsic functions rendered. */
    record Statement(String sid, String effect, List<String> actions, List<String> resources,
            Map<String, Map<String, List<String>>> conditions) {

        static Statement allow(String sid, List<String> actions, List<String> resources) {
            return new Statement(sid, "Allow", sorted(actions), sorted(resources), Map.of());
        }

        Statement when(String operator, String key, String... values) {
            Map<String, Map<String, List<String>>> merged = new TreeMap<>(conditions);
            merged.computeIfAbsent(operator, k -> new TreeMap<>()).put(key, sorted(List.of(values)));
            return new Statement(sid, effect, actions, resources, merged);
        }
    }

    private final JsonNode template;

    Cfn(JsonNode template) {
        this.template = template;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("resource %s", logicalId).isFalse();
        return resource;
    }

    JsonNode properties(String logicalId) {
        return resource(logicalId).path("Properties");
    }

    Map<String, JsonNode> ofType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    String onlyOfType(String type) {
        Map<String, JsonNode> found = ofType(type);
        assertThat(found).as("resources of type %s", type).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** The resource an output refers to ({@code Ref} or {@code Fn::GetAtt}). */
    String outputTarget(String outputName) {
        String value = render(template.path("Outputs").path(outputName).path("Value"));
        assertThat(value).as("output %s", outputName).matches("\\$\\{[A-Za-z0-9]+(\\.[A-Za-z]+)?}");
        String inner = value.substring(2, value.length() - 1);
        return inner.contains(".") ? inner.substring(0, inner.indexOf('.')) : inner;
    }

    String functionWithHandler(String handler) {
        List<String> ids = ofType("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> handler.equals(e.getValue().path("Properties").path("Handler").asText()))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).as("functions with handler %s", handler).hasSize(1);
        return ids.get(0);
    }

    String aliasOf(String functionId) {
        List<String> ids = ofType("AWS::Lambda::Alias").entrySet().stream()
                .filter(e -> render(e.getValue().path("Properties").path("FunctionName")).equals("${" + functionId + "}"))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).as("aliases of %s", functionId).hasSize(1);
        return ids.get(0);
    }

    /** The logical id a {@code ${X}} or {@code ${X.Attr}} rendering refers to. */
    static String target(String rendered) {
        assertThat(rendered).startsWith("${").endsWith("}");
        String inner = rendered.substring(2, rendered.length() - 1);
        return inner.contains(".") ? inner.substring(0, inner.indexOf('.')) : inner;
    }

    String roleOf(String functionId) {
        String role = render(properties(functionId).path("Role"));
        assertThat(role).startsWith("${").endsWith(".Arn}");
        return role.substring(2, role.length() - ".Arn}".length());
    }

    /** The statements of every AWS::IAM::Policy attached to the role (CDK's DefaultPolicy and any other). */
    List<Statement> statementsOfRole(String roleId) {
        List<Statement> statements = new ArrayList<>();
        ofType("AWS::IAM::Policy").values().forEach(policy -> {
            boolean attached = StreamSupport.stream(policy.path("Properties").path("Roles").spliterator(), false)
                    .anyMatch(r -> render(r).equals("${" + roleId + "}"));
            if (attached) {
                policy.path("Properties").path("PolicyDocument").path("Statement")
                        .forEach(s -> statements.add(statement(s)));
            }
        });
        return statements;
    }

    /** Every statement of every policy document in the template, with the resource that holds it. */
    Map<String, List<JsonNode>> allPolicyStatements() {
        Map<String, List<JsonNode>> byResource = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            List<JsonNode> statements = new ArrayList<>();
            collectStatements(e.getValue().path("Properties"), statements);
            if (!statements.isEmpty()) {
                byResource.put(e.getKey(), statements);
            }
        });
        return byResource;
    }

    private static void collectStatements(JsonNode node, List<JsonNode> into) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("Statement") && field.getValue().isArray()) {
                    field.getValue().forEach(into::add);
                } else {
                    collectStatements(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectStatements(child, into));
        }
    }

    /** The normalized statements of a policy document. */
    static List<Statement> statementsIn(JsonNode policyDocument) {
        return StreamSupport.stream(policyDocument.path("Statement").spliterator(), false)
                .map(Cfn::statement)
                .toList();
    }

    static Statement statement(JsonNode s) {
        Map<String, Map<String, List<String>>> conditions = new TreeMap<>();
        s.path("Condition").fields().forEachRemaining(op -> {
            Map<String, List<String>> keys = new TreeMap<>();
            op.getValue().fields().forEachRemaining(k -> keys.put(k.getKey(), sorted(strings(k.getValue()))));
            conditions.put(op.getKey(), keys);
        });
        return new Statement(s.path("Sid").isMissingNode() ? null : s.path("Sid").asText(),
                s.path("Effect").asText(), sorted(strings(s.path("Action"))), sorted(strings(s.path("Resource"))),
                conditions);
    }

    static List<String> strings(JsonNode node) {
        if (node.isMissingNode()) {
            return List.of();
        }
        if (node.isArray()) {
            return StreamSupport.stream(node.spliterator(), false).map(Cfn::render).toList();
        }
        return List.of(render(node));
    }

    /** A value with its intrinsic functions rendered as ${...} placeholders. */
    static String render(JsonNode node) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return "${" + node.get("Ref").asText() + "}";
        }
        if (node.has("Fn::GetAtt")) {
            return "${" + node.get("Fn::GetAtt").get(0).asText() + "." + node.get("Fn::GetAtt").get(1).asText() + "}";
        }
        if (node.has("Fn::Join")) {
            String separator = node.get("Fn::Join").get(0).asText();
            return StreamSupport.stream(node.get("Fn::Join").get(1).spliterator(), false)
                    .map(Cfn::render)
                    .collect(Collectors.joining(separator));
        }
        if (node.has("Fn::Select")) {
            return "select(" + node.get("Fn::Select").get(0).asText() + ", " + render(node.get("Fn::Select").get(1))
                    + ")";
        }
        if (node.has("Fn::Split")) {
            return "split(" + node.get("Fn::Split").get(0).asText() + ", " + render(node.get("Fn::Split").get(1))
                    + ")";
        }
        if (node instanceof ObjectNode) {
            return node.toString();
        }
        throw new IllegalArgumentException("cannot render " + node);
    }

    /** An ARN in this stack's partition, region and account, as {@link #render} writes it. */
    static String arn(String service, String resource) {
        return "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
