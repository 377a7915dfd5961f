package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack with every context key set: existing buckets, explicit output location, e-mail, ECR, tuning. */
class DropzoneFullContextTest {

    private static Template template;
    private static Cfn cfn;
    private static JsonNode json;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.full().template;
        json = SynthesizedStack.full().json();
        cfn = new Cfn(json);
    }

    @Test
    void existingBucketsAreUsedAndNoBucketIsCreated() {
        template.resourceCountIs("AWS::S3::Bucket", 0);
        template.resourceCountIs("AWS::S3::BucketPolicy", 0);
        template.hasOutput("InputBucketName", Map.of("Value", "lab-dropzone"));
        template.hasOutput("OutputBucketName", Map.of("Value", "lab-results"));
        template.hasOutput("OutputUri", Map.of("Value", "s3://lab-results/omics/out/"));
        template.hasOutput("UploadPrefix", Map.of("Value", "batches/"));
    }

    @Test
    void theExistingInputBucketKeepsItsOtherNotificationsAndGainsOurs() {
        String notifications = cfn.onlyOfType("Custom::S3BucketNotifications");
        String submitAlias = cfn.aliasOf(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER));

        JsonNode properties = cfn.properties(notifications);
        assertThat(properties.path("BucketName").asText()).isEqualTo("lab-dropzone");
        // Unmanaged: the handler merges with notifications configured outside this stack instead of replacing them.
        assertThat(properties.path("Managed").asBoolean()).isFalse();
        assertThat(properties.path("NotificationConfiguration").path("LambdaFunctionConfigurations"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(Cfn.render(c.path("LambdaFunctionArn"))).isEqualTo("${" + submitAlias + "}");
                    assertThat(Cfn.strings(c.path("Events"))).containsExactly("s3:ObjectCreated:*");
                    assertThat(c.path("Filter").path("Key").path("FilterRules")).containsExactlyInAnyOrder(
                            new ObjectMapper().valueToTree(Map.of("Name", "prefix", "Value", "batches/")),
                            new ObjectMapper().valueToTree(Map.of("Name", "suffix", "Value", ".json")));
                });
        String handler = Cfn.target(Cfn.render(cfn.properties(notifications).path("ServiceToken")));
        String handlerRole = Cfn.target(Cfn.render(cfn.properties(handler).path("Role")));
        assertThat(cfn.statementsOfRole(handlerRole)).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactly("s3:GetBucketNotification", "s3:PutBucketNotification");
            assertThat(s.resources()).containsExactly("arn:${AWS::Partition}:s3:::lab-dropzone");
        });
    }

    @Test
    void defaultRunSettingCarriesEveryConfiguredFieldWithNumbersAsNumbers() throws Exception {
        String rendered = Cfn.render(cfn.properties(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER))
                .path("Environment").path("Variables").path("DEFAULT_RUN_SETTING"));
        JsonNode setting = new ObjectMapper().readTree(rendered);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("workflowId", "7654321");
        expected.put("workflowType", "PRIVATE");
        expected.put("workflowVersionName", "v2");
        expected.put("roleArn", "${" + cfn.outputTarget("ServiceRoleArn") + ".Arn}");
        expected.put("outputUri", "s3://lab-results/omics/out/");
        expected.put("runGroupId", "5550001");
        expected.put("storageType", "STATIC");
        expected.put("storageCapacity", 2400);
        expected.put("cacheId", "8880001");
        expected.put("cacheBehavior", "CACHE_ON_FAILURE");
        expected.put("logLevel", "ALL");
        expected.put("retentionMode", "REMOVE");
        expected.put("priority", 10);
        assertThat(setting).isEqualTo(new ObjectMapper().valueToTree(expected));
        assertThat(setting.path("storageCapacity").isInt()).isTrue();
        assertThat(setting.path("priority").isInt()).isTrue();
    }

    @Test
    void notificationEmailIsSubscribedToTheTopic() {
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email",
                "Endpoint", "omics-team@example.org",
                "TopicArn", Map.of("Ref", cfn.outputTarget("TopicArn"))));
    }

    @Test
    void tuningKeysReachTheScheduleTheReconcilerAndTheLogs() {
        String reconcileAlias = cfn.aliasOf(cfn.functionWithHandler(BatchTracking.RECONCILE_HANDLER));

        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(30 minutes)",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", reconcileAlias))))));
        assertThat(cfn.properties(cfn.functionWithHandler(BatchTracking.RECONCILE_HANDLER))
                .path("Environment").path("Variables").path("RECONCILE_MAX_BATCHES").asText()).isEqualTo("20");
        assertThat(cfn.ofType("AWS::Logs::LogGroup").values())
                .hasSize(3)
                .allSatisfy(g -> assertThat(g.path("Properties").path("RetentionInDays").asInt()).isEqualTo(2557));
    }

    @Test
    void phiSafeReachesEveryFunctionAndThePeriodsReachTheReconciler() {
        for (String handler : List.of(SubmitPipeline.SUBMIT_HANDLER, BatchTracking.STATUS_HANDLER,
                BatchTracking.RECONCILE_HANDLER)) {
            assertThat(environment(handler).path("PHI_SAFE").asText()).as(handler).isEqualTo("true");
        }
        JsonNode reconcile = environment(BatchTracking.RECONCILE_HANDLER);
        assertThat(reconcile.path("STUCK_DROP_AFTER").asText()).isEqualTo("PT45M");
        // Normalized to what java.time.Duration#toString writes; the function parses it back with Duration#parse.
        assertThat(reconcile.path("GIVE_UP_AFTER").asText()).isEqualTo("PT48H");
        assertThat(reconcile.path("RECONCILE_QUIET_PERIOD").asText()).isEqualTo("PT10M");
        for (String handler : List.of(SubmitPipeline.SUBMIT_HANDLER, BatchTracking.STATUS_HANDLER)) {
            assertThat(fieldNames(environment(handler))).as(handler)
                    .doesNotContain("STUCK_DROP_AFTER", "GIVE_UP_AFTER", "RECONCILE_QUIET_PERIOD", "SUBMIT_FUNCTION");
        }
    }

    @Test
    void reservedConcurrencyCapsOnlyTheSubmitFunction() {
        assertThat(cfn.properties(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER))
                .path("ReservedConcurrentExecutions").asInt()).isEqualTo(5);
        for (String handler : List.of(BatchTracking.STATUS_HANDLER, BatchTracking.RECONCILE_HANDLER)) {
            assertThat(cfn.properties(cfn.functionWithHandler(handler)).path("ReservedConcurrentExecutions")
                    .isMissingNode()).as(handler).isTrue();
        }
    }

    private static JsonNode environment(String handler) {
        return cfn.properties(cfn.functionWithHandler(handler)).path("Environment").path("Variables");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
