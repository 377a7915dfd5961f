package io.omicsdropzone.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a synthesized template's intrinsic functions ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}) to the names the end-to-end environment uses: the input bucket,
 * table, topic, submit alias, failure queue and HealthOmics service role of {@code LocalEnvironment} (read from the
 * ledger's {@code environment.json}); every other resource gets a stable made-up name from its logical id. The
 * functions' roles resolve to {@code arn:aws:iam::ACCOUNT:role/<logical id>}, which is also the principal ARN the
 * evaluator gives the calls of that role, so {@code aws:PrincipalArn} conditions compare like for like.
 */
final class IamNames {

    /** The operator's role as the ledger stacks name it among the snapshot writers (the CLI's redrive writes them). */
    static final String OPERATOR_ROLE_ARN = "arn:aws:iam::123456789012:role/omics-dropzone-operator";
    static final String PARTITION = "aws";

    private final JsonNode resources;
    private final Map<String, String> environment;
    private final String region;
    private final String account;
    /** logical id → {Ref value, Arn, Name attribute} for the resources the environment names. */
    private final Map<String, String> refs = new HashMap<>();
    private final Map<String, String> arns = new HashMap<>();

    IamNames(JsonNode template, Map<String, String> environment) {
        this.resources = template.path("Resources");
        this.environment = environment;
        this.region = environment.getOrDefault("region", "us-east-1");
        this.account = environment.getOrDefault("account", "123456789012");
        nameResources();
    }

    String region() {
        return region;
    }

    String account() {
        return account;
    }

    String env(String name) {
        String value = environment.get(name);
        if (value == null) {
            throw new IllegalStateException("environment.json of the ledger has no '" + name + "'");
        }
        return value;
    }

    /** The ARN a role's calls are made as (its {@code Fn::GetAtt Role.Arn}). */
    String roleArn(String roleLogicalId) {
        return arns.get(roleLogicalId);
    }

    private void nameResources() {
        String inputBucket = inputBucketId();
        resources.fields().forEachRemaining(e -> {
            String id = e.getKey();
            String type = e.getValue().path("Type").asText();
            switch (type) {
                case "AWS::S3::Bucket" -> {
                    String name = id.equals(inputBucket) ? env("bucket")
                            : id.startsWith("OutputBucket") ? env("outputBucket") : "bucket-" + id.toLowerCase();
                    refs.put(id, name);
                    arns.put(id, "arn:aws:s3:::" + name);
                }
                case "AWS::DynamoDB::Table" -> {
                    refs.put(id, env("table"));
                    arns.put(id, "arn:aws:dynamodb:" + region + ":" + account + ":table/" + env("table"));
                }
                case "AWS::SNS::Topic" -> {
                    refs.put(id, env("topicArn"));
                    arns.put(id, env("topicArn"));
                }
                case "AWS::SQS::Queue" -> {
                    String name = id.startsWith("SubmitFailures") ? env("submitFailuresQueue") : "queue-" + id;
                    refs.put(id, "https://sqs." + region + ".amazonaws.com/" + account + "/" + name);
                    arns.put(id, "arn:aws:sqs:" + region + ":" + account + ":" + name);
                }
                case "AWS::IAM::Role" -> {
                    String arn = id.startsWith("HealthOmicsServiceRole") ? env("serviceRoleArn")
                            : "arn:aws:iam::" + account + ":role/" + id;
                    refs.put(id, arn.substring(arn.lastIndexOf('/') + 1));
                    arns.put(id, arn);
                }
                case "AWS::Lambda::Function" -> {
                    refs.put(id, "function-" + id);
                    arns.put(id, "arn:aws:lambda:" + region + ":" + account + ":function:function-" + id);
                }
                case "AWS::KMS::Key" -> {
                    refs.put(id, "key-" + id);
                    arns.put(id, "arn:aws:kms:" + region + ":" + account + ":key/key-" + id);
                }
                case "AWS::Logs::LogGroup" -> {
                    refs.put(id, "/aws/lambda/" + id);
                    arns.put(id, "arn:aws:logs:" + region + ":" + account + ":log-group:/aws/lambda/" + id + ":*");
                }
                case "AWS::IAM::ManagedPolicy" -> refs.put(id, "arn:aws:iam::" + account + ":policy/" + id);
                default -> {
                    refs.put(id, id);
                    arns.put(id, "arn:aws:unknown:" + region + ":" + account + ":" + id);
                }
            }
        });
        // Aliases after functions: the submit alias is the environment's; the others are named after theirs.
        resources.fields().forEachRemaining(e -> {
            if ("AWS::Lambda::Alias".equals(e.getValue().path("Type").asText())) {
                JsonNode properties = e.getValue().path("Properties");
                String function = properties.path("FunctionName").path("Ref").asText();
                String handler = resources.path(function).path("Properties").path("Handler").asText();
                String arn = SubmitPipeline.SUBMIT_HANDLER.equals(handler) ? env("submitAlias")
                        : arns.get(function) + ":" + properties.path("Name").asText();
                refs.put(e.getKey(), arn);
                arns.put(e.getKey(), arn);
            }
        });
    }

    /** The bucket S3 notifications are configured on: the one drops land in. */
    private String inputBucketId() {
        List<String> ids = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if ("Custom::S3BucketNotifications".equals(e.getValue().path("Type").asText())) {
                ids.add(e.getValue().path("Properties").path("BucketName").path("Ref").asText());
            }
        });
        if (ids.size() != 1) {
            throw new IllegalStateException("expected one bucket with notifications, found " + ids);
        }
        return ids.get(0);
    }

    /** A template value (string, number, intrinsic) as the string the deployed stack would hold. */
    String resolve(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return ref(node.get("Ref").asText());
        }
        if (node.has("Fn::GetAtt")) {
            JsonNode getAtt = node.get("Fn::GetAtt");
            return attribute(getAtt.get(0).asText(), getAtt.get(1).asText());
        }
        if (node.has("Fn::Join")) {
            StringBuilder joined = new StringBuilder();
            String separator = node.get("Fn::Join").get(0).asText();
            JsonNode parts = node.get("Fn::Join").get(1);
            for (int i = 0; i < parts.size(); i++) {
                joined.append(i == 0 ? "" : separator).append(resolve(parts.get(i)));
            }
            return joined.toString();
        }
        if (node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            Map<String, String> variables = new HashMap<>();
            if (sub.isArray()) {
                sub.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), resolve(e.getValue())));
            }
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                int start = text.indexOf("${", i);
                if (start < 0) {
                    out.append(text.substring(i));
                    break;
                }
                int end = text.indexOf('}', start);
                out.append(text, i, start);
                String name = text.substring(start + 2, end);
                out.append(variables.containsKey(name) ? variables.get(name)
                        : name.contains(".") ? attribute(name.substring(0, name.indexOf('.')),
                        name.substring(name.indexOf('.') + 1)) : ref(name));
                i = end + 1;
            }
            return out.toString();
        }
        if (node.has("Fn::Select")) {
            int index = node.get("Fn::Select").get(0).asInt();
            JsonNode list = node.get("Fn::Select").get(1);
            if (list.isArray()) {
                return resolve(list.get(index));
            }
            return List.of(resolveList(list)).get(index);
        }
        throw new IllegalArgumentException("cannot resolve " + node);
    }

    private String[] resolveList(JsonNode node) {
        if (node.has("Fn::Split")) {
            String separator = node.get("Fn::Split").get(0).asText();
            return resolve(node.get("Fn::Split").get(1)).split(java.util.regex.Pattern.quote(separator), -1);
        }
        throw new IllegalArgumentException("cannot resolve a list from " + node);
    }

    /** A value that may be one string or a list of them. */
    List<String> resolveAll(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isMissingNode()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(child -> values.add(resolve(child)));
        } else {
            values.add(resolve(node));
        }
        return values;
    }

    private String ref(String name) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> account;
            case "AWS::Partition" -> PARTITION;
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::StackName" -> DropzoneApp.STACK_ID;
            default -> {
                String value = refs.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("no resource or pseudo parameter " + name);
                }
                yield value;
            }
        };
    }

    private String attribute(String id, String attribute) {
        return switch (attribute) {
            case "Arn" -> {
                String arn = arns.get(id);
                if (arn == null) {
                    throw new IllegalArgumentException("no ARN for " + id);
                }
                yield arn;
            }
            case "TopicName" -> refs.get(id).substring(refs.get(id).lastIndexOf(':') + 1);
            case "QueueName" -> arns.get(id).substring(arns.get(id).lastIndexOf(':') + 1);
            default -> id + "." + attribute;
        };
    }
}
