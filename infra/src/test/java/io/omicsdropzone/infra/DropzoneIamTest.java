package io.omicsdropzone.infra;

import static io.omicsdropzone.infra.Cfn.Statement.allow;
import static io.omicsdropzone.infra.Cfn.arn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsdropzone.infra.Cfn.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every IAM statement of the stack, statement by statement: actions, resources and conditions. */
class DropzoneIamTest {

    private static Cfn minimal;
    private static Cfn full;
    private static JsonNode minimalJson;
    private static JsonNode fullJson;

    @BeforeAll
    static void synthesize() {
        minimalJson = SynthesizedStack.minimal().json();
        fullJson = SynthesizedStack.full().json();
        minimal = new Cfn(minimalJson);
        full = new Cfn(fullJson);
    }

    @Test
    void submitFunctionHoldsExactlyTheStatementsItNeeds() {
        String function = minimal.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER);
        String inputBucket = minimal.outputTarget("InputBucketName");
        String table = minimal.outputTarget("TableName");

        List<Statement> expected = new ArrayList<>(commonStatements(minimal, function, "SubmitFailuresQueueUrl"));
        expected.addAll(List.of(
                allow("ReadDroppedRunSettings", List.of("s3:GetObject"),
                        List.of("${" + inputBucket + ".Arn}/incoming/*")),
                allow("ListUploadPrefix", List.of("s3:ListBucket"), List.of("${" + inputBucket + ".Arn}"))
                        .when("StringLike", "s3:prefix", "incoming/*"),
                allow(SnapshotProtection.WRITE_SID, List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"),
                        List.of("${" + inputBucket + ".Arn}/submitted/*")),
                allow(SnapshotProtection.LIST_SID, List.of("s3:ListBucket"), List.of("${" + inputBucket + ".Arn}"))
                        .when("StringLike", "s3:prefix", "submitted/*"),
                allow("StartRunBatchAndItsRuns", List.of("omics:StartRunBatch", "omics:StartRun"), List.of(
                        arn("omics", "runBatch/*"), arn("omics", "run/*"),
                        arn("omics", "workflow/" + SynthesizedStack.WORKFLOW_ID))),
                allow("TagBatchAndRuns", List.of("omics:TagResource"),
                        List.of(arn("omics", "runBatch/*"), arn("omics", "run/*"))),
                allow("ReadConfiguredWorkflow", List.of("omics:GetWorkflow"),
                        List.of(arn("omics", "workflow/" + SynthesizedStack.WORKFLOW_ID))),
                allow("PassServiceRoleToHealthOmics", List.of("iam:PassRole"),
                        List.of("${" + minimal.outputTarget("ServiceRoleArn") + ".Arn}"))
                        .when("StringEquals", "iam:PassedToService", "omics.amazonaws.com"),
                allow("ReadWriteDropRecords", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                        List.of("${" + table + ".Arn}"))));

        assertThat(minimal.statementsOfRole(minimal.roleOf(function))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void preflightReadsOnlyTheConfiguredWorkflowVersionAndExactlyTheInputLocationsTheServiceRoleReads() {
        String function = full.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER);
        List<Statement> inputs = List.of(
                allow("ReadInputLocations", List.of("s3:GetObject"), List.of(
                        "arn:${AWS::Partition}:s3:::lab-raw/run42/*", "arn:${AWS::Partition}:s3:::lab-raw/run43/*",
                        "arn:${AWS::Partition}:s3:::lab-ref/*")),
                allow("ListInputLocations1", List.of("s3:ListBucket"), List.of("arn:${AWS::Partition}:s3:::lab-raw"))
                        .when("StringLike", "s3:prefix", "run42/*", "run43/*"),
                allow("ListInputLocations2", List.of("s3:ListBucket"), List.of("arn:${AWS::Partition}:s3:::lab-ref"))
                        .when("StringLike", "s3:prefix", "*"));

        assertThat(full.statementsOfRole(full.roleOf(function))).contains(
                allow("ReadConfiguredWorkflow", List.of("omics:GetWorkflow"), List.of(arn("omics", "workflow/7654321"))),
                allow("ReadConfiguredWorkflowVersion", List.of("omics:GetWorkflowVersion"),
                        List.of(arn("omics", "workflow/7654321"), arn("omics", "workflow/7654321/version/v2"))))
                .containsAll(inputs);
        assertThat(full.statementsOfRole(full.outputTarget("ServiceRoleArn"))).containsAll(inputs);
        // Without input locations neither role reads beyond the upload prefix.
        assertThat(minimal.statementsOfRole(minimal.roleOf(minimal.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER))))
                .noneMatch(s -> s.sid() != null && s.sid().contains("InputLocations"));
    }

    @Test
    void submitFunctionNeitherReadsOldVersionsNorTracksBatchesNorQueriesTheTable() {
        List<String> actions = actionsOf(minimal, SubmitPipeline.SUBMIT_HANDLER);

        assertThat(actions).contains("s3:ListBucket", "omics:StartRunBatch", "omics:StartRun", "iam:PassRole")
                .doesNotContain("s3:GetObjectVersion", "omics:GetBatch", "omics:ListRunsInBatch", "dynamodb:Query",
                        "dynamodb:Scan", "dynamodb:DeleteItem", "lambda:InvokeFunction");
    }

    @Test
    void submitFunctionMayStartRunsOnlyOfTheConfiguredWorkflowRunGroupAndCache() {
        String function = full.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER);

        assertThat(full.statementsOfRole(full.roleOf(function)))
                .filteredOn(s -> "StartRunBatchAndItsRuns".equals(s.sid()))
                .singleElement()
                .satisfies(s -> assertThat(s.resources()).containsExactlyInAnyOrder(
                        arn("omics", "runBatch/*"), arn("omics", "run/*"), arn("omics", "workflow/7654321"),
                        arn("omics", "runGroup/5550001"), arn("omics", "runCache/8880001")));
        assertThat(full.statementsOfRole(full.roleOf(function))).contains(
                allow("ReadDroppedRunSettings", List.of("s3:GetObject"),
                        List.of("arn:${AWS::Partition}:s3:::lab-dropzone/batches/*")),
                allow("ListUploadPrefix", List.of("s3:ListBucket"), List.of("arn:${AWS::Partition}:s3:::lab-dropzone"))
                        .when("StringLike", "s3:prefix", "batches/*"));
    }

    @Test
    void batchStatusFunctionTracksBatchesAndFindsRecordsOnlyThroughTheBatchIdIndex() {
        String function = minimal.functionWithHandler(BatchTracking.STATUS_HANDLER);
        String table = minimal.outputTarget("TableName");

        List<Statement> expected = new ArrayList<>(commonStatements(minimal, function, "TrackingFailuresQueueUrl"));
        expected.addAll(List.of(
                trackRunBatches(),
                allow("ReadWriteDropRecords", List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                        List.of("${" + table + ".Arn}")),
                allow("QueryDropIndexes", List.of("dynamodb:Query"), List.of("${" + table + ".Arn}/index/byBatchId"))));

        assertThat(minimal.statementsOfRole(minimal.roleOf(function))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void reconcileFunctionTracksBatchesQueriesTheOpenIndexesAndMayOnlyInvokeTheSubmitAlias() {
        String function = minimal.functionWithHandler(BatchTracking.RECONCILE_HANDLER);
        String table = minimal.outputTarget("TableName");
        String submitAlias = minimal.aliasOf(minimal.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER));

        List<Statement> expected = new ArrayList<>(commonStatements(minimal, function, "TrackingFailuresQueueUrl"));
        expected.addAll(List.of(
                trackRunBatches(),
                allow("ReadWriteDropRecords", List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                        List.of("${" + table + ".Arn}")),
                allow("QueryDropIndexes", List.of("dynamodb:Query"), List.of(
                        "${" + table + ".Arn}/index/openBatches", "${" + table + ".Arn}/index/openDrops")),
                // A SUBMITTING drop's batch is looked for before it is given up (issue 17).
                allow("FindBatchesBeforeGivingUp", List.of("omics:ListBatch"), List.of("*")),
                // The alias ARN (Ref of AWS::Lambda::Alias): not the unqualified function, not another version.
                allow("ResumeStuckDropsThroughTheSubmitAlias", List.of("lambda:InvokeFunction"),
                        List.of("${" + submitAlias + "}"))));

        assertThat(minimal.statementsOfRole(minimal.roleOf(function))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(minimal.resource(submitAlias).path("Type").asText()).isEqualTo("AWS::Lambda::Alias");
    }

    @Test
    void reconcileFunctionResumesDropsWithoutS3ReadOrStartRunBatchRights() {
        assertThat(actionsOf(minimal, BatchTracking.RECONCILE_HANDLER)).noneMatch(a -> a.startsWith("s3:"))
                .doesNotContain("omics:StartRunBatch", "omics:StartRun", "iam:PassRole", "dynamodb:PutItem",
                        "dynamodb:Scan", "dynamodb:DeleteItem");
        assertThat(actionsOf(minimal, BatchTracking.STATUS_HANDLER)).doesNotContain("lambda:InvokeFunction",
                "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:DeleteItem");
    }

    @Test
    void noLambdaMayCancelBatchesOrPassRolesExceptTheSubmitFunction() {
        for (String handler : List.of(SubmitPipeline.SUBMIT_HANDLER, BatchTracking.STATUS_HANDLER,
                BatchTracking.RECONCILE_HANDLER)) {
            List<String> actions = minimal.statementsOfRole(minimal.roleOf(minimal.functionWithHandler(handler)))
                    .stream().flatMap(s -> s.actions().stream()).toList();
            assertThat(actions).as(handler).doesNotContain("omics:CancelRunBatch");
            if (!handler.equals(SubmitPipeline.SUBMIT_HANDLER)) {
                assertThat(actions).as(handler).doesNotContain("iam:PassRole", "omics:StartRunBatch",
                        "omics:StartRun", "s3:GetObject");
            }
        }
    }

    @Test
    void functionRolesAreAssumedOnlyByLambdaAndCarryNoManagedPolicies() {
        for (String handler : List.of(SubmitPipeline.SUBMIT_HANDLER, BatchTracking.STATUS_HANDLER,
                BatchTracking.RECONCILE_HANDLER)) {
            JsonNode role = minimal.properties(minimal.roleOf(minimal.functionWithHandler(handler)));
            assertThat(role.path("ManagedPolicyArns").isMissingNode()).as(handler).isTrue();
            assertThat(role.path("Policies").isMissingNode()).as(handler).isTrue();
            assertThat(role.path("AssumeRolePolicyDocument").path("Statement")).singleElement().satisfies(s -> {
                assertThat(s.path("Action").asText()).isEqualTo("sts:AssumeRole");
                assertThat(s.path("Principal").path("Service").asText()).isEqualTo("lambda.amazonaws.com");
            });
        }
    }

    @Test
    void healthOmicsServiceRoleIsTrustedOnlyByHealthOmicsOfThisAccount() {
        JsonNode trust = minimal.properties(minimal.outputTarget("ServiceRoleArn")).path("AssumeRolePolicyDocument").path("Statement");

        assertThat(trust).singleElement().satisfies(s -> {
            assertThat(s.path("Principal").path("Service").asText()).isEqualTo("omics.amazonaws.com");
            assertThat(Cfn.statement(s).conditions()).isEqualTo(Map.of(
                    "StringEqualsIfExists", Map.of("aws:SourceAccount", List.of("${AWS::AccountId}")),
                    "ArnLikeIfExists", Map.of("aws:SourceArn", List.of(arn("omics", "*")))));
        });
    }

    @Test
    void healthOmicsServiceRoleReadsTheUploadPrefixWritesTheOutputPrefixAndItsLogs() {
        String input = "${" + minimal.outputTarget("InputBucketName") + ".Arn}";
        String output = "${" + minimal.outputTarget("OutputBucketName") + ".Arn}";

        assertThat(minimal.statementsOfRole(minimal.outputTarget("ServiceRoleArn"))).containsExactlyInAnyOrder(
                allow("ReadInputs", List.of("s3:GetObject"), List.of(input + "/incoming/*")),
                allow("ReadRunSettingsSnapshots", List.of("s3:GetObject"), List.of(input + "/submitted/*")),
                new Statement("NeverReadDroppedRunSettings", "Deny", List.of("s3:GetObject"),
                        List.of(input + "/incoming/*.json"), Map.of()),
                allow("ListUploadPrefix", List.of("s3:ListBucket"), List.of(input))
                        .when("StringLike", "s3:prefix", "incoming/*"),
                allow("WriteOutputs", List.of("s3:PutObject", "s3:GetObject"), List.of(output + "/runs/*")),
                allow("ListOutputPrefix", List.of("s3:ListBucket"), List.of(output))
                        .when("StringLike", "s3:prefix", "runs/*"),
                allow("CreateWorkflowLogGroup", List.of("logs:CreateLogGroup"),
                        List.of(arn("logs", "log-group:/aws/omics/WorkflowLog:*"))),
                allow("WriteWorkflowLogs",
                        List.of("logs:DescribeLogStreams", "logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(arn("logs", "log-group:/aws/omics/WorkflowLog:log-stream:*"))));
    }

    @Test
    void healthOmicsServiceRoleWritesAnExistingOutputLocationAndPullsOnlyTheConfiguredImages() {
        List<Statement> statements = full.statementsOfRole(full.outputTarget("ServiceRoleArn"));

        assertThat(statements).contains(
                allow("ReadInputs", List.of("s3:GetObject"),
                        List.of("arn:${AWS::Partition}:s3:::lab-dropzone/batches/*")),
                allow("ReadRunSettingsSnapshots", List.of("s3:GetObject"),
                        List.of("arn:${AWS::Partition}:s3:::lab-dropzone/submitted/*")),
                allow("WriteOutputs", List.of("s3:PutObject", "s3:GetObject"),
                        List.of("arn:${AWS::Partition}:s3:::lab-results/omics/out/*")),
                allow("ListOutputPrefix", List.of("s3:ListBucket"), List.of("arn:${AWS::Partition}:s3:::lab-results"))
                        .when("StringLike", "s3:prefix", "omics/out/*"),
                allow("PullWorkflowImages",
                        List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"),
                        List.of("arn:aws:ecr:us-east-1:111122223333:repository/bwa",
                                "arn:aws:ecr:us-east-1:111122223333:repository/gatk/haplotypecaller")));
        assertThat(minimal.statementsOfRole(minimal.outputTarget("ServiceRoleArn")))
                .noneMatch(s -> s.actions().stream().anyMatch(a -> a.startsWith("ecr:")));
    }

    @Test
    void notificationsHandlerMayOnlyConfigureTheInputBucket() {
        String notifications = minimal.onlyOfType("Custom::S3BucketNotifications");
        String handler = Cfn.target(Cfn.render(minimal.properties(notifications).path("ServiceToken")));
        String handlerRole = Cfn.target(Cfn.render(minimal.properties(handler).path("Role")));

        assertThat(minimal.statementsOfRole(handlerRole)).containsExactly(
                new Statement(null, "Allow", List.of("s3:PutBucketNotification"),
                        List.of("${" + minimal.outputTarget("InputBucketName") + ".Arn}"), Map.of()));
    }

    @Test
    void noStatementAnywhereAllowsAWildcardAction() {
        for (JsonNode template : List.of(minimalJson, fullJson)) {
            new Cfn(template).allPolicyStatements().forEach((resource, statements) -> statements.forEach(s -> {
                Statement statement = Cfn.statement(s);
                assertThat(s.has("NotAction")).as("NotAction in %s", resource).isFalse();
                if (statement.effect().equals("Allow")) {
                    assertThat(statement.actions()).as("actions allowed by %s", resource)
                            .isNotEmpty()
                            .noneMatch(a -> a.contains("*"));
                }
            }));
        }
    }

    @Test
    void wildcardActionsAppearOnlyInDenyStatementsThatRejectInsecureTransport() {
        minimal.allPolicyStatements().forEach((resource, statements) -> statements.stream()
                .map(Cfn::statement)
                .filter(s -> s.actions().stream().anyMatch(a -> a.contains("*")))
                .forEach(s -> {
                    assertThat(s.effect()).as(resource).isEqualTo("Deny");
                    assertThat(s.conditions()).as(resource).isIn(
                            Map.of("Bool", Map.of("aws:SecureTransport", List.of("false"))),
                            Map.of("NumericLessThan", Map.of("s3:TlsVersion", List.of("1.2"))));
                }));
    }

    /**
     * The key policy's own key, and omics:ListBatch alone: a list action with no resource type, which IAM matches
     * only against "*" (the reconciler looks for a drop's batch before giving it up).
     */
    @Test
    void theOnlyStarResourcesAreTheKeyPolicysOwnKeyAndListBatch() {
        minimal.allPolicyStatements().forEach((resource, statements) -> statements.stream()
                .map(Cfn::statement)
                .filter(s -> s.resources().contains("*"))
                .filter(s -> !s.actions().equals(List.of("omics:ListBatch")))
                .forEach(s -> assertThat(minimal.resource(resource).path("Type").asText())
                        .as("'*' resource in %s (%s)", resource, s.sid())
                        .isEqualTo("AWS::KMS::Key")));
    }

    /** What every function holds: its log group, its failure queue and the topic. */
    private static List<Statement> commonStatements(Cfn cfn, String function, String failureQueueOutput) {
        String logGroupId = Cfn.target(Cfn.render(cfn.properties(function).path("LoggingConfig").path("LogGroup")));
        String queue = cfn.outputTarget(failureQueueOutput);
        return List.of(
                allow(null, List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of("${" + logGroupId + ".Arn}")),
                allow(null, List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                        List.of("${" + queue + ".Arn}")),
                allow("PublishNotifications", List.of("sns:Publish"),
                        List.of("${" + cfn.outputTarget("TopicArn") + "}")),
                allow("EncryptNotifications", List.of("kms:Decrypt", "kms:GenerateDataKey"),
                        List.of("${" + cfn.onlyOfType("AWS::KMS::Key") + ".Arn}")));
    }

    private static Statement trackRunBatches() {
        return allow("TrackRunBatches", List.of("omics:GetBatch", "omics:ListRunsInBatch"),
                List.of(arn("omics", "runBatch/*")));
    }

    private static List<String> actionsOf(Cfn cfn, String handler) {
        return cfn.statementsOfRole(cfn.roleOf(cfn.functionWithHandler(handler))).stream()
                .flatMap(s -> s.actions().stream())
                .toList();
    }
}
