package io.omicsdropzone.config;

import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a DefaultRunSetting JSON object against the StartRunBatch API reference (fields, types, lengths,
 * patterns, enums) so a bad deployment fails at start-up, not on the first dropped file.
 */
final class DefaultRunSettingParser {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-._]*");
    private static final Set<String> KNOWN = Set.of("workflowId", "workflowType", "roleArn", "name", "cacheId",
            "cacheBehavior", "runGroupId", "priority", "parameters", "storageCapacity", "outputUri", "logLevel",
            "runTags", "retentionMode", "storageType", "workflowOwnerId", "outputBucketOwnerId",
            "workflowVersionName", "networkingMode", "configurationName");

    private DefaultRunSettingParser() {
    }

    /** Adds each problem, prefixed with {@code variable}, to {@code problems}; returns null when there are any. */
    static DefaultRunSetting parse(String variable, String json, List<String> problems) {
        Map<String, Object> setting;
        try {
            setting = JsonReader.readObject(json);
        } catch (JsonReader.JsonFormatException e) {
            problems.add(variable + " is not a JSON object: " + e.getMessage());
            return null;
        }
        int before = problems.size();
        Checks checks = new Checks(variable, setting, problems);
        setting.keySet().stream().filter(name -> !KNOWN.contains(name)).sorted()
                .forEach(name -> problems.add(variable + ": unknown field '" + name + "'"));
        checks.string("workflowId", true, 1, 18, DIGITS, "digits");
        checks.string("roleArn", true, 1, 128, Pattern.compile("arn:.+"), "an IAM role ARN");
        checks.enumeration("workflowType", Set.of("PRIVATE"),
                "PRIVATE (Ready2Run workflows are not supported in batches)");
        checks.string("name", false, 1, 128, null, null);
        checks.string("cacheId", false, 1, 18, DIGITS, "digits");
        checks.enumeration("cacheBehavior", Set.of("CACHE_ON_FAILURE", "CACHE_ALWAYS"), "CACHE_ON_FAILURE or CACHE_ALWAYS");
        checks.string("runGroupId", false, 1, 18, DIGITS, "digits");
        checks.integer("priority", 0, 100_000);
        checks.object("parameters");
        checks.integer("storageCapacity", 0, 100_000);
        checks.string("outputUri", false, 1, 750, Pattern.compile("s3://.+"), "an s3:// URI");
        checks.enumeration("logLevel", Set.of("OFF", "FATAL", "ERROR", "ALL"), "OFF, FATAL, ERROR or ALL");
        checks.tags("runTags");
        checks.enumeration("retentionMode", Set.of("RETAIN", "REMOVE"), "RETAIN or REMOVE");
        checks.enumeration("storageType", Set.of("STATIC", "DYNAMIC"), "STATIC or DYNAMIC");
        checks.string("workflowOwnerId", false, 12, 12, ACCOUNT, "a 12-digit account id");
        checks.string("outputBucketOwnerId", false, 12, 12, ACCOUNT, "a 12-digit account id");
        checks.string("workflowVersionName", false, 1, 64, VERSION_NAME, "letters, digits, '-', '.' or '_'");
        checks.enumeration("networkingMode", Set.of("RESTRICTED", "VPC"), "RESTRICTED or VPC");
        checks.string("configurationName", false, 1, 128, VERSION_NAME, "letters, digits, '-', '.' or '_'");
        if (problems.size() > before) {
            return null;
        }
        return new DefaultRunSetting((String) setting.get("workflowId"), (String) setting.get("roleArn"),
                JsonWriter.write(setting));
    }

    private record Checks(String variable, Map<String, Object> setting, List<String> problems) {

        void string(String field, boolean required, int min, int max, Pattern pattern, String patternText) {
            Object value = setting.get(field);
            if (value == null) {
                if (required || setting.containsKey(field)) {
                    problems.add(variable + ": " + field + " is required" + (required ? "" : " to be a string when present"));
                }
                return;
            }
            if (!(value instanceof String text)) {
                problems.add(variable + ": " + field + " must be a string");
                return;
            }
            int length = text.codePointCount(0, text.length());
            if (length < min || length > max) {
                problems.add(variable + ": " + field + " must be " + (min == max ? min : min + "–" + max)
                        + " characters long");
            } else if (pattern != null && !pattern.matcher(text).matches()) {
                problems.add(variable + ": " + field + " must be " + patternText);
            }
        }

        void enumeration(String field, Set<String> allowed, String allowedText) {
            Object value = setting.get(field);
            if (setting.containsKey(field) && !(value instanceof String text && allowed.contains(text))) {
                problems.add(variable + ": " + field + " must be " + allowedText);
            }
        }

        void integer(String field, long min, long max) {
            Object value = setting.get(field);
            if (!setting.containsKey(field)) {
                return;
            }
            if (!(value instanceof Long number) || number < min || number > max) {
                problems.add(variable + ": " + field + " must be an integer from " + min + " to " + max);
            }
        }

        void object(String field) {
            if (setting.containsKey(field) && !(setting.get(field) instanceof Map<?, ?>)) {
                problems.add(variable + ": " + field + " must be a JSON object");
            }
        }

        void tags(String field) {
            if (!setting.containsKey(field)) {
                return;
            }
            if (!(setting.get(field) instanceof Map<?, ?> tags)) {
                problems.add(variable + ": " + field + " must be a JSON object of strings");
                return;
            }
            tags.forEach((key, value) -> {
                String name = (String) key;
                if (name.isEmpty() || name.length() > 128) {
                    problems.add(variable + ": " + field + " keys must be 1–128 characters long");
                }
                if (!(value instanceof String text) || text.length() > 256) {
                    problems.add(variable + ": " + field + "." + name + " must be a string of at most 256 characters");
                }
            });
        }
    }
}
