package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack with only the required context: every resource and the properties that carry its intent. */
class DropzoneStackTest {

    private static Template template;
    private static Cfn cfn;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.minimal().template;
        cfn = new Cfn(SynthesizedStack.minimal().json());
    }

    @Test
    void deploysTheExpectedSetOfResources() {
        // Our own resources; CDK's notifications handler is the fourth function.
        assertThat(cfn.ofType("AWS::Lambda::Function").values())
                .filteredOn(f -> f.path("Properties").path("Runtime").asText().equals("java25"))
                .hasSize(3);
        template.resourceCountIs("AWS::Lambda::Alias", 3);
        template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 3);
        template.resourceCountIs("AWS::S3::Bucket", 3);
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.resourceCountIs("AWS::SNS::Subscription", 0);
        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.resourceCountIs("AWS::KMS::Key", 1);
        template.resourceCountIs("AWS::Events::Rule", 2);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 10);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.resourceCountIs("AWS::Logs::LogGroup", 3);
    }

    @Test
    void inputAndOutputBucketsAreHardenedAndRetained() {
        for (String output : List.of("InputBucketName", "OutputBucketName")) {
            String bucket = cfn.outputTarget(output);
            JsonNode properties = cfn.properties(bucket);

            assertThat(cfn.resource(bucket).path("DeletionPolicy").asText()).as(output).isEqualTo("Retain");
            assertThat(properties.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
            JsonNode sse = properties.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0);
            assertThat(sse.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isEqualTo("aws:kms");
            assertThat(sse.path("BucketKeyEnabled").asBoolean()).isTrue();
            assertThat(properties.path("PublicAccessBlockConfiguration")).isEqualTo(new ObjectMapper().valueToTree(
                    Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                            "RestrictPublicBuckets", true)));
            assertThat(properties.path("OwnershipControls").path("Rules").get(0).path("ObjectOwnership").asText())
                    .isEqualTo("BucketOwnerEnforced");
            assertThat(Cfn.render(properties.path("LoggingConfiguration").path("DestinationBucketName")))
                    .isEqualTo("${" + accessLogsBucket() + "}");
            JsonNode lifecycle = properties.path("LifecycleConfiguration").path("Rules").get(0);
            assertThat(lifecycle.path("NoncurrentVersionExpiration").path("NoncurrentDays").asInt()).isEqualTo(30);
            assertThat(lifecycle.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt())
                    .isEqualTo(7);
            assertTlsOnly(bucket);
        }
    }

    @Test
    void accessLogBucketIsPrivateVersionedAndAcceptsOnlyS3LogDeliveryFromThisAccount() {
        String logs = accessLogsBucket();
        JsonNode properties = cfn.properties(logs);

        assertThat(properties.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0)
                .path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isEqualTo("AES256");
        assertThat(properties.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(properties.path("PublicAccessBlockConfiguration").path("RestrictPublicBuckets").asBoolean())
                .isTrue();
        assertTlsOnly(logs);
        assertThat(bucketPolicyOf(logs)).filteredOn(s -> s.effect().equals("Allow")).hasSize(2).allSatisfy(s -> {
            assertThat(s.actions()).containsExactly("s3:PutObject");
            assertThat(s.conditions().get("StringEquals")).containsEntry("aws:SourceAccount",
                    List.of("${AWS::AccountId}"));
            assertThat(s.conditions().get("ArnLike").get("aws:SourceArn")).singleElement()
                    .isIn("${" + cfn.outputTarget("InputBucketName") + ".Arn}",
                            "${" + cfn.outputTarget("OutputBucketName") + ".Arn}");
        });
    }

    @Test
    void jsonFilesCreatedUnderTheUploadPrefixNotifyTheSubmitAlias() {
        String notifications = cfn.onlyOfType("Custom::S3BucketNotifications");
        JsonNode properties = cfn.properties(notifications);
        String submitAlias = cfn.aliasOf(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER));

        assertThat(Cfn.render(properties.path("BucketName"))).isEqualTo("${" + cfn.outputTarget("InputBucketName") + "}");
        JsonNode lambdaConfig = properties.path("NotificationConfiguration").path("LambdaFunctionConfigurations");
        assertThat(lambdaConfig).singleElement().satisfies(c -> {
            assertThat(Cfn.render(c.path("LambdaFunctionArn"))).isEqualTo("${" + submitAlias + "}");
            assertThat(Cfn.strings(c.path("Events"))).containsExactly("s3:ObjectCreated:*");
            assertThat(c.path("Filter").path("Key").path("FilterRules")).containsExactlyInAnyOrder(
                    new ObjectMapper().valueToTree(Map.of("Name", "prefix", "Value", "incoming/")),
                    new ObjectMapper().valueToTree(Map.of("Name", "suffix", "Value", ".json")));
        });
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "s3.amazonaws.com",
                "FunctionName", Map.of("Ref", submitAlias),
                "SourceAccount", Map.of("Ref", "AWS::AccountId"),
                "SourceArn", Map.of("Fn::GetAtt", List.of(cfn.outputTarget("InputBucketName"), "Arn"))));
    }

    @Test
    void submitFunctionIsSizedForTheLargestFileAndRunsWithSnapStart() {
        JsonNode submit = cfn.properties(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER));

        assertThat(submit.path("Runtime").asText()).isEqualTo("java25");
        assertThat(Cfn.strings(submit.path("Architectures"))).containsExactly("arm64");
        assertThat(submit.path("MemorySize").asInt()).isEqualTo(1769);
        assertThat(submit.path("Timeout").asInt()).isEqualTo(900);
        assertThat(submit.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(submit.path("ReservedConcurrentExecutions").isMissingNode()).isTrue();
    }

    @Test
    void trackingFunctionsAreSmallerAndShorter() {
        JsonNode status = cfn.properties(cfn.functionWithHandler(BatchTracking.STATUS_HANDLER));
        JsonNode reconcile = cfn.properties(cfn.functionWithHandler(BatchTracking.RECONCILE_HANDLER));

        assertThat(status.path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(status.path("Timeout").asInt()).isEqualTo(60);
        assertThat(reconcile.path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(reconcile.path("Timeout").asInt()).isEqualTo(300);
        for (JsonNode function : List.of(status, reconcile)) {
            assertThat(function.path("Runtime").asText()).isEqualTo("java25");
            assertThat(Cfn.strings(function.path("Architectures"))).containsExactly("arm64");
            assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        }
    }

    @Test
    void everyFunctionLogsJsonToItsOwnEncryptedRetainedLogGroup() {
        String key = cfn.onlyOfType("AWS::KMS::Key");
        for (String handler : handlers()) {
            JsonNode logging = cfn.properties(cfn.functionWithHandler(handler)).path("LoggingConfig");
            assertThat(logging.path("LogFormat").asText()).isEqualTo("JSON");
            assertThat(logging.path("ApplicationLogLevel").asText()).isEqualTo("INFO");
            String logGroup = Cfn.target(Cfn.render(logging.path("LogGroup")));
            assertThat(cfn.resource(logGroup).path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(cfn.resource(logGroup).path("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(cfn.properties(logGroup).path("RetentionInDays").asInt()).isEqualTo(365);
            assertThat(Cfn.render(cfn.properties(logGroup).path("KmsKeyId"))).isEqualTo("${" + key + ".Arn}");
        }
    }

    @Test
    void everyFunctionGetsTheContractEnvironment() {
        String table = "${" + cfn.outputTarget("TableName") + "}";
        String topic = "${" + cfn.outputTarget("TopicArn") + "}";

        JsonNode submit = environment(SubmitPipeline.SUBMIT_HANDLER);
        assertThat(fieldNames(submit)).containsExactlyInAnyOrder("TABLE_NAME", "TOPIC_ARN", "PHI_SAFE",
                "DEFAULT_RUN_SETTING", "JAVA_TOOL_OPTIONS", "CHECK_INPUTS", "SNAPSHOT_PREFIX");
        assertThat(submit.path("CHECK_INPUTS").asText()).isEqualTo("true");
        JsonNode status = environment(BatchTracking.STATUS_HANDLER);
        assertThat(fieldNames(status)).containsExactlyInAnyOrder("TABLE_NAME", "TOPIC_ARN", "PHI_SAFE",
                "JAVA_TOOL_OPTIONS");
        JsonNode reconcile = environment(BatchTracking.RECONCILE_HANDLER);
        assertThat(fieldNames(reconcile)).containsExactlyInAnyOrder("TABLE_NAME", "TOPIC_ARN", "PHI_SAFE",
                "RECONCILE_MAX_BATCHES", "STUCK_DROP_AFTER", "GIVE_UP_AFTER", "RECONCILE_QUIET_PERIOD",
                "SUBMIT_FUNCTION", "JAVA_TOOL_OPTIONS");
        assertThat(reconcile.path("RECONCILE_MAX_BATCHES").asText()).isEqualTo("50");
        for (JsonNode env : List.of(submit, status, reconcile)) {
            assertThat(Cfn.render(env.path("TABLE_NAME"))).isEqualTo(table);
            assertThat(Cfn.render(env.path("TOPIC_ARN"))).isEqualTo(topic);
            assertThat(env.path("PHI_SAFE").asText()).isEqualTo("false");
        }
    }

    @Test
    void theSubmitFunctionKeepsC2ForLargeFilesAndTheTrackingFunctionsStartWithC1Only() {
        // Measured in bench/RESULTS.md (cold path): C2 validates a large file much faster; C1 alone starts faster.
        assertThat(environment(SubmitPipeline.SUBMIT_HANDLER).path("JAVA_TOOL_OPTIONS").asText())
                .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=4");
        for (String handler : List.of(BatchTracking.STATUS_HANDLER, BatchTracking.RECONCILE_HANDLER)) {
            assertThat(environment(handler).path("JAVA_TOOL_OPTIONS").asText()).as(handler)
                    .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
    }

    @Test
    void theReconcilerGetsItsDefaultPeriodsAndTheSubmitAliasArn() {
        JsonNode reconcile = environment(BatchTracking.RECONCILE_HANDLER);
        String submitAlias = cfn.aliasOf(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER));

        assertThat(reconcile.path("STUCK_DROP_AFTER").asText()).isEqualTo("PT30M");
        assertThat(reconcile.path("GIVE_UP_AFTER").asText()).isEqualTo("PT24H");
        assertThat(reconcile.path("RECONCILE_QUIET_PERIOD").asText()).isEqualTo("PT5M");
        // Ref of an AWS::Lambda::Alias is the alias ARN (…:function:NAME:live), not the unqualified function.
        assertThat(Cfn.render(reconcile.path("SUBMIT_FUNCTION"))).isEqualTo("${" + submitAlias + "}");
    }

    @Test
    void defaultRunSettingNamesTheWorkflowTheServiceRoleAndTheOutputBucket() throws Exception {
        String json = Cfn.render(environment(SubmitPipeline.SUBMIT_HANDLER).path("DEFAULT_RUN_SETTING"));

        assertThat(new ObjectMapper().readValue(json, Map.class)).containsExactly(
                Map.entry("workflowId", SynthesizedStack.WORKFLOW_ID),
                Map.entry("roleArn", "${" + cfn.outputTarget("ServiceRoleArn") + ".Arn}"),
                Map.entry("outputUri", "s3://${" + cfn.outputTarget("OutputBucketName") + "}/runs/"));
    }

    @Test
    void everyTriggerInvokesTheLiveAliasOfAPublishedVersion() {
        for (String handler : handlers()) {
            String function = cfn.functionWithHandler(handler);
            JsonNode alias = cfn.properties(cfn.aliasOf(function));
            assertThat(alias.path("Name").asText()).isEqualTo("live");
            String version = Cfn.target(Cfn.render(alias.path("FunctionVersion")));
            assertThat(cfn.resource(version).path("Type").asText()).isEqualTo("AWS::Lambda::Version");
            assertThat(Cfn.render(cfn.properties(version).path("FunctionName"))).isEqualTo("${" + function + "}");
        }
    }

    @Test
    void asynchronousInvocationsOfEachAliasRetryTwiceThenGoToAnEncryptedQueue() {
        assertAsyncConfig(SubmitPipeline.SUBMIT_HANDLER, 21600, "SubmitFailuresQueueUrl");
        assertAsyncConfig(BatchTracking.STATUS_HANDLER, 7200, "TrackingFailuresQueueUrl");
        assertAsyncConfig(BatchTracking.RECONCILE_HANDLER, 3600, "TrackingFailuresQueueUrl");
        for (String queueOutput : List.of("SubmitFailuresQueueUrl", "TrackingFailuresQueueUrl")) {
            String queue = cfn.outputTarget(queueOutput);
            assertThat(cfn.properties(queue).path("SqsManagedSseEnabled").asBoolean()).isTrue();
            assertThat(cfn.properties(queue).path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
            assertThat(policyStatementsOf("AWS::SQS::QueuePolicy", "Queues", queue)).contains(
                    new Cfn.Statement(null, "Deny", List.of("sqs:*"), List.of("${" + queue + ".Arn}"),
                            Map.of("Bool", Map.of("aws:SecureTransport", List.of("false")))));
        }
    }

    @Test
    void batchStatusEventsOfThisAccountReachTheStatusAlias() {
        String alias = cfn.aliasOf(cfn.functionWithHandler(BatchTracking.STATUS_HANDLER));
        String trackingFailures = cfn.outputTarget("TrackingFailuresQueueUrl");

        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.omics"),
                        "detail-type", List.of("RunBatch Status Change"),
                        "account", List.of(Map.of("Ref", "AWS::AccountId"))),
                "State", "ENABLED",
                "Targets", List.of(Map.of(
                        "Arn", Map.of("Ref", alias),
                        "Id", Match.anyValue(),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(trackingFailures, "Arn"))),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 4, "MaximumEventAgeInSeconds", 7200)))));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Ref", alias),
                "SourceArn", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))));
        // EventBridge may drop undeliverable events into the tracking queue, and only from this stack's rules.
        assertThat(policyStatementsOf("AWS::SQS::QueuePolicy", "Queues", trackingFailures))
                .filteredOn(s -> s.effect().equals("Allow"))
                .hasSize(2)
                .allSatisfy(s -> {
                    assertThat(s.actions()).containsExactly("sqs:SendMessage");
                    assertThat(s.conditions()).containsOnlyKeys("ArnEquals");
                });
    }

    @Test
    void theReconcilerRunsEveryFifteenMinutesThroughItsAlias() {
        String alias = cfn.aliasOf(cfn.functionWithHandler(BatchTracking.RECONCILE_HANDLER));

        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(15 minutes)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", alias))))));
    }

    @Test
    void dropsTableIsOnDemandRecoverableEncryptedAndProtected() {
        String table = cfn.outputTarget("TableName");

        assertThat(cfn.resource(table).path("DeletionPolicy").asText()).isEqualTo("Retain");
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "requestId", "KeyType", "HASH")),
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true),
                "DeletionProtectionEnabled", true));
    }

    @Test
    void dropsTableIndexesBatchIdsOpenBatchesOldestFirstAndOpenDropsByLastUpdate() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(
                        Map.of("IndexName", "byBatchId",
                                "KeySchema", List.of(Map.of("AttributeName", "batchId", "KeyType", "HASH")),
                                "Projection", Map.of("ProjectionType", "ALL")),
                        Map.of("IndexName", "openBatches",
                                "KeySchema", List.of(
                                        Map.of("AttributeName", "openBatch", "KeyType", "HASH"),
                                        Map.of("AttributeName", "createdAt", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "ALL")),
                        Map.of("IndexName", "openDrops",
                                "KeySchema", List.of(
                                        Map.of("AttributeName", "openDrop", "KeyType", "HASH"),
                                        Map.of("AttributeName", "updatedAt", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "ALL")))),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "batchId", "AttributeType", "S"),
                        Map.of("AttributeName", "openBatch", "AttributeType", "S"),
                        Map.of("AttributeName", "createdAt", "AttributeType", "S"),
                        Map.of("AttributeName", "openDrop", "AttributeType", "S"),
                        Map.of("AttributeName", "updatedAt", "AttributeType", "S")))));
        JsonNode table = cfn.properties(cfn.outputTarget("TableName"));
        assertThat(table.path("GlobalSecondaryIndexes")).extracting(i -> i.path("IndexName").asText())
                .containsExactlyInAnyOrder("byBatchId", "openBatches", "openDrops");
    }

    @Test
    void topicIsEncryptedWithTheStackKeyTlsOnlyAndOpenToThisAccountsAlarms() {
        String topic = cfn.outputTarget("TopicArn");
        String key = cfn.onlyOfType("AWS::KMS::Key");

        assertThat(Cfn.render(cfn.properties(topic).path("KmsMasterKeyId"))).isEqualTo("${" + key + ".Arn}");
        assertThat(policyStatementsOf("AWS::SNS::TopicPolicy", "Topics", topic)).containsExactlyInAnyOrder(
                new Cfn.Statement("AllowPublishThroughSSLOnly", "Deny", List.of("sns:Publish"),
                        List.of("${" + topic + "}"), Map.of("Bool", Map.of("aws:SecureTransport", List.of("false")))),
                Cfn.Statement.allow("CloudWatchAlarmsOfThisAccountPublish", List.of("sns:Publish"),
                                List.of("${" + topic + "}"))
                        .when("StringEquals", "aws:SourceAccount", "${AWS::AccountId}")
                        .when("ArnLike", "aws:SourceArn", Cfn.arn("cloudwatch", "alarm:*")));
    }

    @Test
    void keyRotatesIsRetainedAndLetsOnlyLogsAndAlarmsUseItBesidesIam() {
        String key = cfn.onlyOfType("AWS::KMS::Key");
        JsonNode properties = cfn.properties(key);

        assertThat(properties.path("EnableKeyRotation").asBoolean()).isTrue();
        assertThat(cfn.resource(key).path("DeletionPolicy").asText()).isEqualTo("Retain");
        List<Cfn.Statement> statements = Cfn.statementsIn(properties.path("KeyPolicy"));
        assertThat(statements).extracting(Cfn.Statement::sid).containsExactlyInAnyOrder(
                "AccountAdministersKeyAndDelegatesUseToIam", "CloudWatchLogsEncryptsThisAccountsLogGroups",
                "CloudWatchAlarmsPublishToEncryptedTopic");
        assertThat(statements).filteredOn(s -> s.sid().startsWith("AccountAdministers")).singleElement()
                .satisfies(s -> assertThat(s.actions())
                        .contains("kms:PutKeyPolicy", "kms:Decrypt", "kms:GenerateDataKey", "kms:ScheduleKeyDeletion")
                        .containsExactlyInAnyOrderElementsOf(DropzoneStorage.KEY_ACCOUNT_ACTIONS));
        assertThat(statements).filteredOn(s -> s.sid().startsWith("CloudWatchLogs")).singleElement()
                .satisfies(s -> assertThat(s.conditions()).isEqualTo(Map.of("ArnLike",
                        Map.of("kms:EncryptionContext:aws:logs:arn", List.of(Cfn.arn("logs", "log-group:*"))))));
        assertThat(statements).filteredOn(s -> s.sid().startsWith("CloudWatchAlarms")).singleElement()
                .satisfies(s -> assertThat(s.actions()).containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey"));
    }

    @Test
    void failureQueuesAndEveryFunctionAlarmToTheTopic() {
        String topic = "${" + cfn.outputTarget("TopicArn") + "}";
        // The single-metric alarms; the rate alarms (metric math) are DropzoneDashboardTest's.
        Map<String, JsonNode> alarms = new java.util.LinkedHashMap<>(cfn.ofType("AWS::CloudWatch::Alarm"));
        alarms.values().removeIf(alarm -> alarm.path("Properties").has("Metrics"));

        assertThat(alarms.values()).allSatisfy(alarm -> {
            JsonNode p = alarm.path("Properties");
            assertThat(Cfn.strings(p.path("AlarmActions"))).containsExactly(topic);
            assertThat(p.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(p.path("Threshold").asInt()).isZero();
            assertThat(p.path("TreatMissingData").asText()).isEqualTo("notBreaching");
        });
        assertThat(alarms.values()).extracting(a -> a.path("Properties").path("MetricName").asText())
                .containsExactlyInAnyOrder("ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesVisible",
                        "Errors", "Errors", "Errors", "Throttles", "Throttles", "Throttles");
        for (String handler : handlers()) {
            String function = "${" + cfn.functionWithHandler(handler) + "}";
            assertThat(alarms.values())
                    .filteredOn(a -> Cfn.render(a.path("Properties").path("Dimensions").get(0).path("Value"))
                            .equals(function))
                    .extracting(a -> a.path("Properties").path("MetricName").asText())
                    .as(handler)
                    .containsExactlyInAnyOrder("Errors", "Throttles");
        }
        for (String queueOutput : List.of("SubmitFailuresQueueUrl", "TrackingFailuresQueueUrl")) {
            String queueName = "${" + cfn.outputTarget(queueOutput) + ".QueueName}";
            assertThat(alarms.values())
                    .filteredOn(a -> Cfn.render(a.path("Properties").path("Dimensions").get(0).path("Value"))
                            .equals(queueName))
                    .singleElement()
                    .satisfies(a -> assertThat(a.path("Properties").path("Statistic").asText()).isEqualTo("Maximum"));
        }
    }

    @Test
    void theSubmitQueueAlarmAndOutputNameTheRedriveCommand() {
        String queueName = "${" + cfn.outputTarget("SubmitFailuresQueueUrl") + ".QueueName}";

        assertThat(cfn.ofType("AWS::CloudWatch::Alarm").values())
                .filteredOn(a -> a.path("Properties").has("Dimensions"))
                .filteredOn(a -> Cfn.render(a.path("Properties").path("Dimensions").get(0).path("Value"))
                        .equals(queueName))
                .singleElement()
                .satisfies(a -> assertThat(a.path("Properties").path("AlarmDescription").asText())
                        .contains("redrive-failures --queue <SubmitFailuresQueueUrl>"));
        assertThat(SynthesizedStack.minimal().json().path("Outputs").path("SubmitFailuresQueueUrl")
                .path("Description").asText()).contains("redrive-failures --queue");
        assertThat(cfn.resource(cfn.outputTarget("SubmitFailuresQueueUrl")).path("Type").asText())
                .isEqualTo("AWS::SQS::Queue");
    }

    @Test
    void outputsNameWhatAUserNeeds() {
        template.hasOutput("UploadPrefix", Map.of("Value", "incoming/"));
        assertThat(Cfn.render(SynthesizedStack.minimal().json().path("Outputs").path("OutputUri").path("Value")))
                .isEqualTo("s3://${" + cfn.outputTarget("OutputBucketName") + "}/runs/");
        assertThat(fieldNames(SynthesizedStack.minimal().json().path("Outputs"))).contains("InputBucketName",
                "UploadPrefix", "OutputBucketName", "OutputUri", "TableName", "TopicArn", "SubmitFunctionName",
                "BatchStatusFunctionName", "ReconcileFunctionName", "ServiceRoleArn", "SubmitFailuresQueueUrl",
                "TrackingFailuresQueueUrl");
        assertThat(cfn.resource(cfn.outputTarget("SubmitFunctionName")).path("Properties").path("Handler").asText())
                .isEqualTo(SubmitPipeline.SUBMIT_HANDLER);
    }

    private static void assertAsyncConfig(String handler, int maxEventAgeSeconds, String queueOutput) {
        String function = cfn.functionWithHandler(handler);
        String alias = cfn.aliasOf(function);
        List<JsonNode> configs = cfn.ofType("AWS::Lambda::EventInvokeConfig").values().stream()
                .map(c -> c.path("Properties"))
                .filter(p -> Cfn.render(p.path("FunctionName")).equals("${" + function + "}"))
                .toList();

        assertThat(configs).as(handler).singleElement().satisfies(p -> {
            // The qualifier is the alias' name, taken from its ARN: settings apply where the triggers invoke.
            assertThat(Cfn.render(p.path("Qualifier"))).isEqualTo("select(7, split(:, ${" + alias + "}))");
            assertThat(p.path("MaximumRetryAttempts").asInt()).isEqualTo(2);
            assertThat(p.path("MaximumEventAgeInSeconds").asInt()).isEqualTo(maxEventAgeSeconds);
            assertThat(Cfn.render(p.path("DestinationConfig").path("OnFailure").path("Destination")))
                    .isEqualTo("${" + cfn.outputTarget(queueOutput) + ".Arn}");
        });
    }

    private static void assertTlsOnly(String bucket) {
        String arn = "${" + bucket + ".Arn}";
        assertThat(bucketPolicyOf(bucket)).contains(
                new Cfn.Statement(null, "Deny", List.of("s3:*"), List.of(arn, arn + "/*"),
                        Map.of("Bool", Map.of("aws:SecureTransport", List.of("false")))),
                new Cfn.Statement(null, "Deny", List.of("s3:*"), List.of(arn, arn + "/*"),
                        Map.of("NumericLessThan", Map.of("s3:TlsVersion", List.of("1.2")))));
    }

    private static List<Cfn.Statement> bucketPolicyOf(String bucket) {
        return policyStatementsOf("AWS::S3::BucketPolicy", "Bucket", bucket);
    }

    /** The statements of the policy resource of {@code type} whose {@code targetProperty} refers to the target. */
    private static List<Cfn.Statement> policyStatementsOf(String type, String targetProperty, String target) {
        return cfn.ofType(type).values().stream()
                .map(r -> r.path("Properties"))
                .filter(p -> Cfn.strings(p.path(targetProperty)).contains("${" + target + "}"))
                .flatMap(p -> Cfn.statementsIn(p.path("PolicyDocument")).stream())
                .toList();
    }

    /** The one bucket that is neither the input nor the output bucket. */
    private static String accessLogsBucket() {
        List<String> others = cfn.ofType("AWS::S3::Bucket").keySet().stream()
                .filter(id -> !id.equals(cfn.outputTarget("InputBucketName")))
                .filter(id -> !id.equals(cfn.outputTarget("OutputBucketName")))
                .toList();
        assertThat(others).hasSize(1);
        return others.get(0);
    }

    private static JsonNode environment(String handler) {
        return cfn.properties(cfn.functionWithHandler(handler)).path("Environment").path("Variables");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> handlers() {
        return List.of(SubmitPipeline.SUBMIT_HANDLER, BatchTracking.STATUS_HANDLER, BatchTracking.RECONCILE_HANDLER);
    }
}
