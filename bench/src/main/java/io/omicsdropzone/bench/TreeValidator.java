package io.omicsdropzone.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The peer: the InlineSetting rules written the usual way, over a tree read whole with ObjectMapper.readTree. Same
 * rules as the streaming validator, without its positions and error bounding; it only counts problems.
 */
final class TreeValidator {

    private static final Pattern PRINTABLE = Pattern.compile("[\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Set<String> FIELDS = Set.of("runSettingId", "name", "outputUri", "priority", "parameters",
            "outputBucketOwnerId", "runTags", "engineSettings");

    private TreeValidator() {
    }

    record Result(long entries, long errors) {
    }

    static Result check(JsonNode root) {
        if (!root.isArray()) {
            return new Result(0, 1);
        }
        long errors = root.isEmpty() || root.size() > 100_000 ? 1 : 0;
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : root) {
            errors += checkEntry(entry, ids);
        }
        return new Result(root.size(), errors);
    }

    private static long checkEntry(JsonNode entry, Set<String> ids) {
        if (!entry.isObject()) {
            return 1;
        }
        long errors = 0;
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                errors++;
            }
        }
        JsonNode id = entry.get("runSettingId");
        if (!printable(id, 1, 128)) {
            errors++;
        } else if (!ids.add(id.textValue())) {
            errors++;
        }
        errors += optional(entry.get("name"), node -> printable(node, 1, 128));
        errors += optional(entry.get("outputUri"), node -> printable(node, 1, 750)
                && node.textValue().startsWith("s3://") && node.textValue().length() > 5
                && node.textValue().charAt(5) != '/');
        errors += optional(entry.get("priority"), node -> node.isInt() && node.intValue() >= 0
                && node.intValue() <= 100_000);
        errors += optional(entry.get("parameters"), JsonNode::isObject);
        errors += optional(entry.get("outputBucketOwnerId"), node -> node.isTextual()
                && ACCOUNT_ID.matcher(node.textValue()).matches());
        errors += optional(entry.get("engineSettings"), JsonNode::isObject);
        errors += optional(entry.get("runTags"), TreeValidator::validTags);
        return errors;
    }

    private interface Rule {
        boolean holds(JsonNode node);
    }

    private static long optional(JsonNode node, Rule rule) {
        return node == null || rule.holds(node) ? 0 : 1;
    }

    private static boolean printable(JsonNode node, int min, int max) {
        if (node == null || !node.isTextual()) {
            return false;
        }
        String text = node.textValue();
        int length = text.codePointCount(0, text.length());
        return length >= min && length <= max && PRINTABLE.matcher(text).matches();
    }

    private static boolean validTags(JsonNode tags) {
        if (!tags.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            String key = tag.getKey();
            int keyLength = key.codePointCount(0, key.length());
            JsonNode value = tag.getValue();
            if (keyLength < 1 || keyLength > 128 || !value.isTextual()
                    || value.textValue().codePointCount(0, value.textValue().length()) > 256) {
                return false;
            }
        }
        return true;
    }
}
