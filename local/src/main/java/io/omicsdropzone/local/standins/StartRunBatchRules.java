package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The synchronous checks of StartRunBatch, taken from the service model (botocore {@code omics/2022-11-28}, shapes
 * StartRunBatchRequest, DefaultRunSetting, BatchRunSettings, InlineSetting, TagMap) plus the documented rules of the
 * batch guide (Ready2Run not supported, outputUri must start with {@code s3://}, cacheBehavior needs cacheId, at most
 * 50 tags). Constraint violations are reported the way AWS's model validation words them
 * ("N validation error(s) detected: Value 'x' at 'path' failed to satisfy constraint: ..."). A value of the wrong JSON
 * type is a {@code SerializationException}; a field the model does not know is a {@code ValidationException}.
 * {@code engineSettings} (default and per run) and {@code scratchStorageMode} come from the newest API reference.
 */
final class StartRunBatchRules {

    /** The model's "printable" pattern, verbatim (in a Java character class the '||' are literal pipes). */
    static final Pattern PRINTABLE = Pattern.compile("[\\p{L}||\\p{M}||\\p{Z}||\\p{S}||\\p{N}||\\p{P}]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern ARN = Pattern.compile("arn:.+");
    private static final Pattern ACCOUNT_12 = Pattern.compile("[0-9]{12}");
    private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-\\._]*");
    static final int MAX_TAGS = 50;
    static final int MAX_INLINE_SETTINGS = 100;

    private static final Set<String> REQUEST_FIELDS = Set.of("requestId", "batchName", "tags", "defaultRunSetting", "batchRunSettings");
    private static final Set<String> DEFAULT_FIELDS = Set.of("workflowId", "workflowType", "roleArn", "name", "cacheId",
            "cacheBehavior", "runGroupId", "priority", "parameters", "storageCapacity", "outputUri", "logLevel", "runTags",
            "retentionMode", "storageType", "workflowOwnerId", "outputBucketOwnerId", "workflowVersionName", "networkingMode",
            "configurationName", "engineSettings", "scratchStorageMode");
    private static final Set<String> RUN_SETTINGS_FIELDS = Set.of("inlineSettings", "s3UriSettings");
    static final Set<String> INLINE_FIELDS = Set.of("runSettingId", "name", "outputUri", "priority", "parameters",
            "outputBucketOwnerId", "runTags", "engineSettings");

    /** A request that passed every synchronous check. Exactly one of inlineSettings / s3UriSettings is set. */
    record Parsed(String requestId, String batchName, Map<String, String> tags, ObjectNode defaultRunSetting,
                  List<ObjectNode> inlineSettings, String s3UriSettings, JsonNode normalizedBody) {
    }

    private StartRunBatchRules() {
    }

    static Parsed parse(JsonNode raw) {
        if (raw == null || !raw.isObject()) {
            throw OmicsException.serialization("The request body must be a JSON object (StartRunBatchRequest).");
        }
        ObjectNode body = (ObjectNode) withoutNulls(raw);
        rejectUnknown(body, "", "StartRunBatchRequest", REQUEST_FIELDS);
        Check check = new Check();
        String requestId = check.string(body, "requestId", "requestId", true, 1, 128, PRINTABLE);
        String batchName = check.string(body, "batchName", "batchName", false, 1, 64, PRINTABLE);
        Map<String, String> tags = check.tags(body, "tags", "tags", true);

        ObjectNode defaults = check.object(body, "defaultRunSetting", "defaultRunSetting", true);
        if (defaults != null) {
            rejectUnknown(defaults, "defaultRunSetting", "DefaultRunSetting", DEFAULT_FIELDS);
            String p = "defaultRunSetting.";
            check.string(defaults, "workflowId", p + "workflowId", true, 1, 18, DIGITS);
            check.enumValue(defaults, "workflowType", p + "workflowType", List.of("PRIVATE", "READY2RUN"));
            check.string(defaults, "roleArn", p + "roleArn", true, 1, 128, ARN);
            check.string(defaults, "name", p + "name", false, 1, 128, PRINTABLE);
            check.string(defaults, "cacheId", p + "cacheId", false, 1, 18, DIGITS);
            check.enumValue(defaults, "cacheBehavior", p + "cacheBehavior", List.of("CACHE_ON_FAILURE", "CACHE_ALWAYS"));
            check.string(defaults, "runGroupId", p + "runGroupId", false, 1, 18, DIGITS);
            check.integer(defaults, "priority", p + "priority", 0, 100_000);
            check.integer(defaults, "storageCapacity", p + "storageCapacity", 0, 100_000);
            check.string(defaults, "outputUri", p + "outputUri", false, 1, 750, PRINTABLE);
            check.enumValue(defaults, "logLevel", p + "logLevel", List.of("OFF", "FATAL", "ERROR", "ALL"));
            check.tags(defaults, "runTags", p + "runTags", false);
            check.enumValue(defaults, "retentionMode", p + "retentionMode", List.of("RETAIN", "REMOVE"));
            check.enumValue(defaults, "storageType", p + "storageType", List.of("STATIC", "DYNAMIC"));
            check.string(defaults, "workflowOwnerId", p + "workflowOwnerId", false, 0, -1, ACCOUNT_12);
            check.string(defaults, "outputBucketOwnerId", p + "outputBucketOwnerId", false, 12, 12, DIGITS);
            check.string(defaults, "workflowVersionName", p + "workflowVersionName", false, 1, 64, VERSION_NAME);
            check.enumValue(defaults, "networkingMode", p + "networkingMode", List.of("RESTRICTED", "VPC"));
            check.string(defaults, "configurationName", p + "configurationName", false, 1, 128, VERSION_NAME);
            check.enumValue(defaults, "scratchStorageMode", p + "scratchStorageMode", List.of("LOCAL", "SHARED"));
        }

        ObjectNode runSettings = check.object(body, "batchRunSettings", "batchRunSettings", true);
        List<ObjectNode> inline = null;
        String s3Uri = null;
        if (runSettings != null) {
            rejectUnknown(runSettings, "batchRunSettings", "BatchRunSettings", RUN_SETTINGS_FIELDS);
            JsonNode inlineNode = runSettings.get("inlineSettings");
            if (inlineNode != null) {
                if (!inlineNode.isArray()) {
                    throw OmicsException.serialization("Expected a list at 'batchRunSettings.inlineSettings' but found "
                            + inlineNode.getNodeType());
                }
                int size = inlineNode.size();
                if (size < 1) {
                    check.violation("[]", "batchRunSettings.inlineSettings", "Member must have length greater than or equal to 1");
                } else if (size > MAX_INLINE_SETTINGS) {
                    check.violation("[...]", "batchRunSettings.inlineSettings",
                            "Member must have length less than or equal to " + MAX_INLINE_SETTINGS);
                }
                inline = new ArrayList<>();
                int index = 1;
                for (JsonNode entry : inlineNode) {
                    String path = "batchRunSettings.inlineSettings." + index + ".member";
                    if (!entry.isObject()) {
                        throw OmicsException.serialization("Expected an InlineSetting object at '" + path + "' but found "
                                + entry.getNodeType());
                    }
                    rejectUnknown((ObjectNode) entry, path, "InlineSetting", INLINE_FIELDS);
                    check.inlineSetting((ObjectNode) entry, path);
                    inline.add((ObjectNode) entry);
                    index++;
                }
            }
            s3Uri = check.string(runSettings, "s3UriSettings", "batchRunSettings.s3UriSettings", false, 1, 750, PRINTABLE);
        }
        check.throwIfAny();

        // Rules of the batch guide and API reference beyond the model's shapes.
        if (inline != null && s3Uri != null || runSettings != null && inline == null && s3Uri == null) {
            throw OmicsException.validation(
                    "batchRunSettings is a union: specify exactly one of inlineSettings or s3UriSettings.");
        }
        if ("READY2RUN".equals(text(defaults, "workflowType"))) {
            throw OmicsException.validation("Ready2Run workflows are not supported in run batches; use a PRIVATE workflow.");
        }
        if (text(defaults, "cacheBehavior") != null && text(defaults, "cacheId") == null) {
            throw OmicsException.validation("defaultRunSetting.cacheBehavior requires defaultRunSetting.cacheId to be set.");
        }
        requireS3Uri(text(defaults, "outputUri"), "defaultRunSetting.outputUri");
        if (inline != null) {
            for (int i = 0; i < inline.size(); i++) {
                requireS3Uri(text(inline.get(i), "outputUri"), "batchRunSettings.inlineSettings." + (i + 1) + ".member.outputUri");
            }
        }
        if (s3Uri != null && S3Location.parse(s3Uri) == null) {
            throw OmicsException.validation("batchRunSettings.s3UriSettings must be an S3 URI of the form s3://bucket/key, not '"
                    + s3Uri + "'.");
        }
        return new Parsed(requestId, batchName, tags, defaults, inline, s3Uri, body);
    }

    /**
     * Checks one entry of an s3UriSettings file (same shape as InlineSetting). Returns the problems found, worded like
     * model validation; an empty list means the entry is valid.
     */
    static List<String> fileEntryProblems(JsonNode entry, String path) {
        if (entry == null || !entry.isObject()) {
            return List.of("Expected an InlineSetting object at '" + path + "'");
        }
        ObjectNode object = (ObjectNode) withoutNulls(entry);
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!INLINE_FIELDS.contains(name)) {
                problems.add("Unrecognized field '" + name + "' at '" + path + "' (not part of InlineSetting)");
            }
        }
        Check check = new Check();
        try {
            check.inlineSetting(object, path);
        } catch (OmicsException typeError) {
            problems.add(typeError.getMessage());
        }
        problems.addAll(check.violations);
        if (problems.isEmpty()) {
            String outputUri = text(object, "outputUri");
            if (outputUri != null && !outputUri.startsWith("s3://")) {
                problems.add("Value '" + outputUri + "' at '" + path + ".outputUri' must begin with s3://");
            }
        }
        return problems;
    }

    static String validationMessage(List<String> violations) {
        return violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations);
    }

    /** A copy without JSON nulls: the service treats an explicit null like an absent member. */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(withoutNulls(element)));
            return copy;
        }
        return node;
    }

    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private static void requireS3Uri(String uri, String path) {
        if (uri != null && !uri.startsWith("s3://")) {
            throw OmicsException.validation(path + " must begin with s3://, not '" + uri + "'.");
        }
    }

    private static void rejectUnknown(ObjectNode node, String path, String shape, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String where = path.isEmpty() ? "" : " at '" + path + "'";
                throw OmicsException.validation("Unrecognized field '" + name + "'" + where + " (not part of " + shape + ").");
            }
        }
    }

    /** Collects model-constraint violations; wrong JSON types abort at once as SerializationException. */
    private static final class Check {

        private final List<String> violations = new ArrayList<>();

        void violation(String value, String path, String constraint) {
            String shown = value == null ? "null" : "'" + abbreviate(value) + "'";
            violations.add("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
        }

        void throwIfAny() {
            if (!violations.isEmpty()) {
                throw OmicsException.validation(validationMessage(violations));
            }
        }

        void inlineSetting(ObjectNode entry, String path) {
            string(entry, "runSettingId", path + ".runSettingId", true, 1, 128, PRINTABLE);
            string(entry, "name", path + ".name", false, 1, 128, PRINTABLE);
            string(entry, "outputUri", path + ".outputUri", false, 1, 750, PRINTABLE);
            integer(entry, "priority", path + ".priority", 0, 100_000);
            string(entry, "outputBucketOwnerId", path + ".outputBucketOwnerId", false, 12, 12, DIGITS);
            tags(entry, "runTags", path + ".runTags", false);
        }

        ObjectNode object(JsonNode parent, String field, String path, boolean required) {
            JsonNode value = parent.get(field);
            if (value == null) {
                if (required) {
                    violation(null, path, "Member must not be null");
                }
                return null;
            }
            if (!value.isObject()) {
                throw OmicsException.serialization("Expected an object at '" + path + "' but found " + value.getNodeType());
            }
            return (ObjectNode) value;
        }

        String string(JsonNode parent, String field, String path, boolean required, int min, int max, Pattern pattern) {
            JsonNode value = parent.get(field);
            if (value == null) {
                if (required) {
                    violation(null, path, "Member must not be null");
                }
                return null;
            }
            if (!value.isTextual()) {
                throw OmicsException.serialization("Expected a string at '" + path + "' but found " + value.getNodeType());
            }
            String text = value.textValue();
            int length = text.codePointCount(0, text.length());
            if (length < min) {
                violation(text, path, "Member must have length greater than or equal to " + min);
            }
            if (max >= 0 && length > max) {
                violation(text, path, "Member must have length less than or equal to " + max);
            }
            if (pattern != null && !text.isEmpty() && !pattern.matcher(text).matches()) {
                violation(text, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
            }
            return text;
        }

        void enumValue(JsonNode parent, String field, String path, List<String> allowed) {
            JsonNode value = parent.get(field);
            if (value == null) {
                return;
            }
            if (!value.isTextual()) {
                throw OmicsException.serialization("Expected a string at '" + path + "' but found " + value.getNodeType());
            }
            if (!allowed.contains(value.textValue())) {
                violation(value.textValue(), path, "Member must satisfy enum value set: " + allowed);
            }
        }

        void integer(JsonNode parent, String field, String path, long min, long max) {
            JsonNode value = parent.get(field);
            if (value == null) {
                return;
            }
            if (!value.isIntegralNumber()) {
                throw OmicsException.serialization("Expected an integer at '" + path + "' but found " + value.getNodeType()
                        + (value.isNumber() ? " " + value.asText() : ""));
            }
            if (!value.canConvertToLong() || value.longValue() < min) {
                violation(value.asText(), path, "Member must have value greater than or equal to " + min);
            } else if (value.longValue() > max) {
                violation(value.asText(), path, "Member must have value less than or equal to " + max);
            }
        }

        Map<String, String> tags(JsonNode parent, String field, String path, boolean limitCount) {
            JsonNode value = parent.get(field);
            Map<String, String> tags = new LinkedHashMap<>();
            if (value == null) {
                return tags;
            }
            if (!value.isObject()) {
                throw OmicsException.serialization("Expected a map at '" + path + "' but found " + value.getNodeType());
            }
            value.properties().forEach(entry -> {
                if (!entry.getValue().isTextual()) {
                    throw OmicsException.serialization("Expected a string value for key '" + entry.getKey() + "' at '" + path
                            + "' but found " + entry.getValue().getNodeType());
                }
                String key = entry.getKey();
                String text = entry.getValue().textValue();
                int keyLength = key.codePointCount(0, key.length());
                if (keyLength < 1 || keyLength > 128) {
                    violation(key, path, "Map keys must satisfy constraint: [Member must have length between 1 and 128]");
                }
                if (text.codePointCount(0, text.length()) > 256) {
                    violation(text, path, "Map values must satisfy constraint: [Member must have length less than or equal to 256]");
                }
                tags.put(key, text);
            });
            if (limitCount && tags.size() > MAX_TAGS) {
                violation(tags.size() + " tags", path, "Member must have at most " + MAX_TAGS + " entries");
            }
            return tags;
        }

        private static String abbreviate(String value) {
            return value.length() > 256 ? value.substring(0, 256) + "..." : value;
        }
    }

    /** {@code s3://bucket/key}, split at the first '/' after the bucket; the key is used as written. */
    record S3Location(String bucket, String key) {
        static S3Location parse(String uri) {
            if (uri == null || !uri.startsWith("s3://")) {
                return null;
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                return null;
            }
            return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }
}
