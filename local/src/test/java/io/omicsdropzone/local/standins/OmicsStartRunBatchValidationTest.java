package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** StartRunBatch's synchronous checks, one rule per case, through signed HTTP. */
class OmicsStartRunBatchValidationTest extends OmicsEmulatorTestBase {

    private static Arguments rule(String rule, Consumer<ObjectNode> breakIt, String expectedInMessage) {
        return Arguments.of(rule, breakIt, expectedInMessage);
    }

    private static ObjectNode defaults(ObjectNode body) {
        return (ObjectNode) body.get("defaultRunSetting");
    }

    private static ObjectNode firstInline(ObjectNode body) {
        return (ObjectNode) body.get("batchRunSettings").get("inlineSettings").get(0);
    }

    static Stream<Arguments> validationRules() {
        return Stream.of(
                rule("requestId required", b -> b.remove("requestId"), "Value null at 'requestId' failed to satisfy constraint: Member must not be null"),
                rule("requestId at most 128", b -> b.put("requestId", "r".repeat(129)), "at 'requestId' failed to satisfy constraint: Member must have length less than or equal to 128"),
                rule("requestId printable", b -> b.put("requestId", "line\nbreak"), "at 'requestId' failed to satisfy constraint: Member must satisfy regular expression pattern"),
                rule("requestId not empty", b -> b.put("requestId", ""), "at 'requestId' failed to satisfy constraint: Member must have length greater than or equal to 1"),
                rule("batchName at most 64", b -> b.put("batchName", "n".repeat(65)), "at 'batchName' failed to satisfy constraint: Member must have length less than or equal to 64"),
                rule("tag key at most 128", b -> ((ObjectNode) b.get("tags")).put("k".repeat(129), "v"), "at 'tags' failed to satisfy constraint: Map keys"),
                rule("tag value at most 256", b -> ((ObjectNode) b.get("tags")).put("k", "v".repeat(257)), "at 'tags' failed to satisfy constraint: Map values"),
                rule("at most 50 tags", b -> {
                    for (int i = 0; i < 50; i++) {
                        ((ObjectNode) b.get("tags")).put("t" + i, "v");
                    }
                }, "at 'tags' failed to satisfy constraint: Member must have at most 50 entries"),
                rule("defaultRunSetting required", b -> b.remove("defaultRunSetting"), "Value null at 'defaultRunSetting'"),
                rule("workflowId required", b -> defaults(b).remove("workflowId"), "Value null at 'defaultRunSetting.workflowId'"),
                rule("workflowId digits", b -> defaults(b).put("workflowId", "wf-1"), "at 'defaultRunSetting.workflowId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+"),
                rule("workflowId at most 18", b -> defaults(b).put("workflowId", "1".repeat(19)), "at 'defaultRunSetting.workflowId' failed to satisfy constraint: Member must have length less than or equal to 18"),
                rule("roleArn required", b -> defaults(b).remove("roleArn"), "Value null at 'defaultRunSetting.roleArn'"),
                rule("roleArn is an ARN", b -> defaults(b).put("roleArn", "role/omics"), "at 'defaultRunSetting.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:.+"),
                rule("roleArn at most 128", b -> defaults(b).put("roleArn", "arn:" + "x".repeat(125)), "at 'defaultRunSetting.roleArn' failed to satisfy constraint: Member must have length less than or equal to 128"),
                rule("workflowType enum", b -> defaults(b).put("workflowType", "PUBLIC"), "at 'defaultRunSetting.workflowType' failed to satisfy constraint: Member must satisfy enum value set: [PRIVATE, READY2RUN]"),
                rule("Ready2Run not supported", b -> defaults(b).put("workflowType", "READY2RUN"), "Ready2Run workflows are not supported"),
                rule("cacheBehavior enum", b -> defaults(b).put("cacheId", "42").put("cacheBehavior", "SOMETIMES"), "at 'defaultRunSetting.cacheBehavior'"),
                rule("cacheBehavior needs cacheId", b -> defaults(b).put("cacheBehavior", "CACHE_ALWAYS"), "cacheBehavior requires defaultRunSetting.cacheId"),
                rule("cacheId digits", b -> defaults(b).put("cacheId", "cache"), "at 'defaultRunSetting.cacheId'"),
                rule("runGroupId digits", b -> defaults(b).put("runGroupId", "group"), "at 'defaultRunSetting.runGroupId'"),
                rule("logLevel enum", b -> defaults(b).put("logLevel", "DEBUG"), "at 'defaultRunSetting.logLevel' failed to satisfy constraint: Member must satisfy enum value set: [OFF, FATAL, ERROR, ALL]"),
                rule("retentionMode enum", b -> defaults(b).put("retentionMode", "KEEP"), "at 'defaultRunSetting.retentionMode'"),
                rule("storageType enum", b -> defaults(b).put("storageType", "SSD"), "at 'defaultRunSetting.storageType'"),
                rule("networkingMode enum", b -> defaults(b).put("networkingMode", "PUBLIC"), "at 'defaultRunSetting.networkingMode'"),
                rule("priority at least 0", b -> defaults(b).put("priority", -1), "at 'defaultRunSetting.priority' failed to satisfy constraint: Member must have value greater than or equal to 0"),
                rule("priority at most 100000", b -> defaults(b).put("priority", 100_001), "at 'defaultRunSetting.priority' failed to satisfy constraint: Member must have value less than or equal to 100000"),
                rule("storageCapacity at most 100000", b -> defaults(b).put("storageCapacity", 100_001), "at 'defaultRunSetting.storageCapacity'"),
                rule("workflowVersionName pattern", b -> defaults(b).put("workflowVersionName", "-v1"), "at 'defaultRunSetting.workflowVersionName' failed to satisfy constraint: Member must satisfy regular expression pattern"),
                rule("workflowOwnerId twelve digits", b -> defaults(b).put("workflowOwnerId", "1234"), "at 'defaultRunSetting.workflowOwnerId'"),
                rule("outputBucketOwnerId twelve digits", b -> defaults(b).put("outputBucketOwnerId", "12345678901"), "at 'defaultRunSetting.outputBucketOwnerId' failed to satisfy constraint: Member must have length greater than or equal to 12"),
                rule("outputUri at most 750", b -> defaults(b).put("outputUri", "s3://b/" + "k".repeat(744)), "at 'defaultRunSetting.outputUri' failed to satisfy constraint: Member must have length less than or equal to 750"),
                rule("outputUri is an S3 URI", b -> defaults(b).put("outputUri", "https://example.com/out"), "defaultRunSetting.outputUri must begin with s3://"),
                rule("batchRunSettings required", b -> b.remove("batchRunSettings"), "Value null at 'batchRunSettings'"),
                rule("union: not both", b -> ((ObjectNode) b.get("batchRunSettings")).put("s3UriSettings", "s3://b/k.json"), "exactly one of inlineSettings or s3UriSettings"),
                rule("union: not neither", b -> b.putObject("batchRunSettings"), "exactly one of inlineSettings or s3UriSettings"),
                rule("inlineSettings at least 1", b -> ((ObjectNode) b.get("batchRunSettings")).putArray("inlineSettings"), "at 'batchRunSettings.inlineSettings' failed to satisfy constraint: Member must have length greater than or equal to 1"),
                rule("inlineSettings at most 100", b -> {
                    ArrayNode inline = ((ObjectNode) b.get("batchRunSettings")).putArray("inlineSettings");
                    for (int i = 0; i < 101; i++) {
                        inline.addObject().put("runSettingId", "s" + i);
                    }
                }, "at 'batchRunSettings.inlineSettings' failed to satisfy constraint: Member must have length less than or equal to 100"),
                rule("runSettingId required", b -> firstInline(b).remove("runSettingId"), "Value null at 'batchRunSettings.inlineSettings.1.member.runSettingId'"),
                rule("runSettingId at most 128", b -> firstInline(b).put("runSettingId", "s".repeat(129)), "at 'batchRunSettings.inlineSettings.1.member.runSettingId'"),
                rule("inline priority range", b -> firstInline(b).put("priority", 100_001), "at 'batchRunSettings.inlineSettings.1.member.priority'"),
                rule("inline name at most 128", b -> firstInline(b).put("name", "n".repeat(129)), "at 'batchRunSettings.inlineSettings.1.member.name'"),
                rule("inline outputBucketOwnerId digits", b -> firstInline(b).put("outputBucketOwnerId", "12345678901x"), "at 'batchRunSettings.inlineSettings.1.member.outputBucketOwnerId'"),
                rule("inline runTags value length", b -> firstInline(b).putObject("runTags").put("k", "v".repeat(257)), "at 'batchRunSettings.inlineSettings.1.member.runTags'"),
                rule("inline outputUri is an S3 URI", b -> firstInline(b).put("outputUri", "/tmp/out"), "batchRunSettings.inlineSettings.1.member.outputUri must begin with s3://"),
                rule("per-run workflowId not allowed", b -> firstInline(b).put("workflowId", "7654321"), "Unrecognized field 'workflowId' at 'batchRunSettings.inlineSettings.1.member'"),
                rule("s3UriSettings is an S3 URI", b -> b.putObject("batchRunSettings").put("s3UriSettings", "dropzone-input/a.json"), "s3UriSettings must be an S3 URI of the form s3://bucket/key"),
                rule("s3UriSettings at most 750", b -> b.putObject("batchRunSettings").put("s3UriSettings", "s3://b/" + "k".repeat(744)), "at 'batchRunSettings.s3UriSettings' failed to satisfy constraint: Member must have length less than or equal to 750"),
                rule("unknown top-level field", b -> b.put("runId", "1234"), "Unrecognized field 'runId' (not part of StartRunBatchRequest)"),
                rule("unknown defaultRunSetting field", b -> defaults(b).put("accelerators", "GPU"), "Unrecognized field 'accelerators' at 'defaultRunSetting'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validationRules")
    void eachBrokenRuleAnswers400ValidationExceptionAndStartsNothing(String rule, Consumer<ObjectNode> breakIt, String expected) {
        ObjectNode body = inlineRequest(uniqueRequestId(), "sample-A", "sample-B");
        breakIt.accept(body);

        SignedHttp.Reply reply = http.post("/runBatch", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorType()).isEqualTo("ValidationException");
        assertThat(reply.errorTypeHeader()).startsWith("ValidationException:http://internal.amazon.com/coral/");
        assertThat(reply.message()).contains(expected);
        assertThat(omics.batches()).isEmpty();
        assertThat(omics.events()).isEmpty();
        assertThat(omics.calls()).singleElement().satisfies(call -> {
            assertThat(call.operation()).isEqualTo("StartRunBatch");
            assertThat(call.status()).isEqualTo(400);
        });
    }

    static Stream<Arguments> typeErrors() {
        return Stream.of(
                Arguments.of("not JSON", "{\"requestId\": "),
                Arguments.of("an array body", "[]"),
                Arguments.of("an empty body", ""),
                Arguments.of("workflowId as a number", inlineRequest("r-1", "a").set("defaultRunSetting",
                        JSON.createObjectNode().put("workflowId", 1234567).put("roleArn", "arn:aws:iam::1:role/r")).toString()),
                Arguments.of("priority as a string", inlineRequest("r-2", "a").set("defaultRunSetting",
                        JSON.createObjectNode().put("workflowId", "1").put("roleArn", "arn:aws:iam::1:role/r").put("priority", "5")).toString()),
                Arguments.of("priority as a fraction", inlineRequest("r-3", "a").set("defaultRunSetting",
                        JSON.createObjectNode().put("workflowId", "1").put("roleArn", "arn:aws:iam::1:role/r").put("priority", 1.5)).toString()),
                Arguments.of("inlineSettings as an object", inlineRequest("r-4", "a").set("batchRunSettings",
                        JSON.createObjectNode().set("inlineSettings", JSON.createObjectNode())).toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeErrors")
    void bodiesOfTheWrongJsonTypeAnswer400SerializationException(String description, String body) {
        SignedHttp.Reply reply = http.post("/runBatch", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorType()).isEqualTo("SerializationException");
        assertThat(reply.message()).isNotBlank();
        assertThat(omics.batches()).isEmpty();
    }

    @Test
    void severalViolationsAreReportedTogetherInTheAwsWording() {
        ObjectNode body = inlineRequest(uniqueRequestId(), "sample-A");
        defaults(body).put("workflowId", "abc").put("priority", -5).remove("roleArn");

        SignedHttp.Reply reply = http.post("/runBatch", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).startsWith("3 validation errors detected: ")
                .contains("Value 'abc' at 'defaultRunSetting.workflowId'")
                .contains("Value null at 'defaultRunSetting.roleArn'")
                .contains("Value '-5' at 'defaultRunSetting.priority'");
    }

    @Test
    void boundaryValuesAndNewestFieldsAreAccepted() {
        ObjectNode body = inlineRequest("r".repeat(128), "sample-A");
        body.put("batchName", "Kohorte 7 — ünïcödé ok".substring(0, 22));
        ObjectNode tags = (ObjectNode) body.get("tags");
        for (int i = 1; i < 50; i++) {
            tags.put("t" + i, "v".repeat(256));
        }
        defaults(body).put("priority", 100_000).put("storageCapacity", 0).put("workflowVersionName", "v1.2_rc-3")
                .put("cacheId", "99").put("cacheBehavior", "CACHE_ON_FAILURE").put("scratchStorageMode", "SHARED")
                .put("workflowOwnerId", "123456789012").putNull("name");
        defaults(body).putObject("engineSettings").put("profile", "test");
        firstInline(body).put("priority", 0).put("outputBucketOwnerId", "123456789012").putObject("engineSettings");

        SignedHttp.Reply reply = http.post("/runBatch", body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(omics.batches()).singleElement().satisfies(batch -> assertThat(batch.tags()).hasSize(50));
    }

    @Test
    void exactlyOneHundredInlineSettingsAreAccepted() {
        String[] ids = new String[100];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "sample-" + i;
        }

        SignedHttp.Reply reply = http.post("/runBatch", inlineRequest(uniqueRequestId(), ids));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(getBatch(reply.json().path("id").asText()).path("totalRuns").asInt()).isEqualTo(100);
    }
}
