package io.omicsdropzone.local.standins.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What IAM looks at in one request, read off the wire by the stand-in that received it. The names follow the IAM
 * context of each service's Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */
public final class WireCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireCalls() {
    }

    /**
     * S3 (path-style REST). ListObjectsV2 is {@code GET /bucket?list-type=2}; its {@code prefix} parameter is the value
     * IAM compares with {@code s3:prefix} (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html,
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html). A copy names its source in
     * {@code x-amz-copy-source} and its tag handling in {@code x-amz-tagging-directive}, COPY when absent
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).
     */
    public static String s3Operation(String frontOperation, String rawQuery) {
        if ("ListObjects".equals(frontOperation) && parameter(rawQuery, "list-type") != null
                && parameter(rawQuery, "list-type").equals("2")) {
            return "ListObjectsV2";
        }
        return frontOperation;
    }

    public static Map<String, String> s3Details(String bucket, String key, String rawQuery, UnaryOperator<String> header) {
        Map<String, String> details = new LinkedHashMap<>();
        put(details, "bucket", bucket);
        put(details, "key", key);
        if (key == null) {
            put(details, "prefix", parameter(rawQuery, "prefix"));
        }
        String copySource = header.apply("x-amz-copy-source");
        if (copySource != null) {
            String source = URLDecoder.decode(copySource.replace("+", "%2B"), StandardCharsets.UTF_8);
            source = source.startsWith("/") ? source.substring(1) : source;
            int versionId = source.indexOf("?versionId=");
            if (versionId >= 0) {
                source = source.substring(0, versionId);
            }
            int slash = source.indexOf('/');
            put(details, "copySourceBucket", slash < 0 ? source : source.substring(0, slash));
            put(details, "copySourceKey", slash < 0 ? null : source.substring(slash + 1));
            put(details, "taggingDirective", header.apply("x-amz-tagging-directive"));
        }
        return details;
    }

    /** DynamoDB (AWS JSON 1.0): the table and, for Query and Scan, the index, both in the body. */
    public static Map<String, String> dynamoDbDetails(byte[] body) {
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode json = json(body);
        put(details, "table", text(json, "TableName"));
        put(details, "index", text(json, "IndexName"));
        return details;
    }

    /** SNS (Query protocol): {@code TopicArn} of the form body. */
    public static Map<String, String> snsDetails(byte[] body) {
        Map<String, String> details = new LinkedHashMap<>();
        put(details, "topicArn", parameter(body == null ? "" : new String(body, StandardCharsets.UTF_8), "TopicArn"));
        put(details, "name", parameter(body == null ? "" : new String(body, StandardCharsets.UTF_8), "Name"));
        return details;
    }

    /** SQS (AWS JSON 1.0): the queue name from {@code QueueUrl} (or {@code QueueName}). */
    public static Map<String, String> sqsDetails(JsonNode body) {
        Map<String, String> details = new LinkedHashMap<>();
        String url = text(body, "QueueUrl");
        put(details, "queue", url != null ? url.substring(url.lastIndexOf('/') + 1) : text(body, "QueueName"));
        return details;
    }

    /** HealthOmics StartRunBatch: what the dual authorization and PassRole look at, from its body. */
    public static Map<String, String> startRunBatchDetails(byte[] body) {
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode json = json(body);
        JsonNode setting = json == null ? null : json.path("defaultRunSetting");
        put(details, "workflowId", text(setting, "workflowId"));
        put(details, "versionName", text(setting, "workflowVersionName"));
        put(details, "runGroupId", text(setting, "runGroupId"));
        put(details, "cacheId", text(setting, "cacheId"));
        put(details, "passedRole", text(setting, "roleArn"));
        if (json != null && json.path("tags").isObject() && json.path("tags").size() > 0) {
            details.put("tagged", "true");
        }
        if (json != null && (setting.path("runTags").size() > 0 || hasRunTags(json.path("batchRunSettings")))) {
            details.put("runsTagged", "true");
        }
        return details;
    }

    private static boolean hasRunTags(JsonNode batchRunSettings) {
        for (JsonNode inline : batchRunSettings.path("inlineSettings")) {
            if (inline.path("runTags").size() > 0) {
                return true;
            }
        }
        return false;
    }

    public static String text(JsonNode json, String field) {
        if (json == null || !json.has(field) || json.get(field).isNull()) {
            return null;
        }
        return json.get(field).asText();
    }

    public static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null; // the stand-in answers the malformed body; the ledger keeps the operation
        }
    }

    public static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void put(Map<String, String> details, String name, String value) {
        if (value != null) {
            details.put(name, value);
        }
    }
}
