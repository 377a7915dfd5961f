package io.omicsdropzone.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * omics-dropzone: a run-settings file dropped under the upload prefix of the input bucket starts a HealthOmics run
 * batch (submit function); batch status events and a schedule keep the DynamoDB record true (tracking functions);
 * the SNS topic tells people.
 */
public final class DropzoneStack extends Stack {

    public static final String SUBMIT_HANDLER = "io.omicsdropzone.handler.S3DropHandler::handleRequest";
    public static final String STATUS_HANDLER = "io.omicsdropzone.handler.BatchStatusHandler::handleRequest";
    public static final String RECONCILE_HANDLER = "io.omicsdropzone.handler.ReconcileHandler::handleRequest";

    public static final String BATCH_ID_INDEX = "byBatchId";
    public static final String OPEN_BATCHES_INDEX = "openBatches";

    /**
     * One full vCPU (Lambda allocates CPU in proportion to memory; 1,769 MB is one vCPU) to stream-validate the
     * largest allowed file: 6 GB at ~100 MB/s is about a minute; the 15-minute timeout leaves room for a tenth of
     * that throughput.
     */
    static final int SUBMIT_MEMORY_MB = 1769;
    static final Duration SUBMIT_TIMEOUT = Duration.minutes(15);
    static final int TRACKING_MEMORY_MB = 1024;

    /**
     * The administrative and usage actions the account may delegate through IAM, spelled out: the template holds
     * no wildcard action, not even the usual {@code kms:*} of CDK's default key policy.
     */
    static final List<String> KEY_ACCOUNT_ACTIONS = List.of(
            "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteAlias",
            "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation",
            "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy",
            "kms:GetKeyRotationStatus", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations",
            "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant",
            "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource",
            "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription");

    /** The construct id aws-cdk-lib gives its singleton S3 notifications handler. */
    static final String NOTIFICATIONS_HANDLER_ID = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834";

    private final DropzoneConfig config;
    private final Key key;
    private Bucket accessLogsBucket;

    public DropzoneStack(Construct scope, String id, DropzoneStackProps props) {
        super(scope, id, props.stackProps());
        this.config = props.config();

        this.key = encryptionKey();
        IBucket inputBucket = inputBucket();
        IBucket outputBucket = outputBucket();
        String outputUri = "s3://" + outputBucket.getBucketName() + "/" + config.outputPrefix();

        IRole serviceRole = new OmicsServiceRole(this, "HealthOmicsServiceRole", inputBucket, config.uploadPrefix(),
                outputBucket, config.outputPrefix(), config.ecrRepositoryArns()).role();
        Table table = table();
        Topic topic = topic();

        Queue submitFailures = failureQueue("SubmitFailures",
                "S3 drop events the submit function could not process after 2 retries", topic);
        Queue trackingFailures = failureQueue("TrackingFailures",
                "Batch status events and reconciler runs that failed after their retries", topic);

        DropzoneFunction submit = new DropzoneFunction(this, "SubmitFunction", props.functionCode(), key,
                config.logRetentionDays(), new DropzoneFunction.Settings(
                        SUBMIT_HANDLER,
                        "Validates a dropped run-settings file and starts a HealthOmics run batch for it",
                        SUBMIT_MEMORY_MB,
                        SUBMIT_TIMEOUT,
                        // The longest Lambda keeps an S3 event: throttled deliveries are retried for up to 6 hours.
                        Duration.hours(6),
                        Map.of("TABLE_NAME", table.getTableName(),
                                "TOPIC_ARN", topic.getTopicArn(),
                                "DEFAULT_RUN_SETTING", toJsonString(
                                        config.defaultRunSetting(serviceRole.getRoleArn(), outputUri))),
                        submitFailures,
                        config.reservedConcurrency()));
        DropzoneFunction status = new DropzoneFunction(this, "BatchStatusFunction", props.functionCode(), key,
                config.logRetentionDays(), new DropzoneFunction.Settings(
                        STATUS_HANDLER,
                        "Applies HealthOmics RunBatch Status Change events to the drop records",
                        TRACKING_MEMORY_MB,
                        Duration.minutes(1),
                        // A stale status event is harmless (updates never move backwards) and the reconciler heals
                        // a lost one, so there is no point keeping it for long.
                        Duration.hours(2),
                        Map.of("TABLE_NAME", table.getTableName(), "TOPIC_ARN", topic.getTopicArn()),
                        trackingFailures,
                        Optional.empty()));
        DropzoneFunction reconcile = new DropzoneFunction(this, "ReconcileFunction", props.functionCode(), key,
                config.logRetentionDays(), new DropzoneFunction.Settings(
                        RECONCILE_HANDLER,
                        "Polls GetBatch for drops whose batch is not terminal, healing missed status events",
                        TRACKING_MEMORY_MB,
                        // Bounded work: at most RECONCILE_MAX_BATCHES GetBatch (+ ListRunsInBatch) calls with backoff.
                        Duration.minutes(5),
                        Duration.hours(1),
                        Map.of("TABLE_NAME", table.getTableName(),
                                "TOPIC_ARN", topic.getTopicArn(),
                                "RECONCILE_MAX_BATCHES", Integer.toString(config.reconcileMaxBatches())),
                        trackingFailures,
                        Optional.empty()));

        grantSubmit(submit, inputBucket, serviceRole);
        for (DropzoneFunction function : List.of(submit, status, reconcile)) {
            // CancelRunBatch is deliberately absent: cancelling is the operator's CLI command, never a Lambda's.
            function.role().addToPolicy(PolicyStatement.Builder.create()
                    .sid("TrackRunBatches")
                    .actions(List.of("omics:GetBatch", "omics:ListRunsInBatch"))
                    .resources(List.of(omicsArn("runBatch", "*")))
                    .build());
            table.grantReadWriteData(function.role());
            grantPublish(function, topic);
            function.alarmTo(topic);
        }
        suppressWildcardsOfFunction(submit, table, true);
        suppressWildcardsOfFunction(status, table, false);
        suppressWildcardsOfFunction(reconcile, table, false);

        inputBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(submit.alias()),
                NotificationKeyFilter.builder().prefix(config.uploadPrefix()).suffix(".json").build());

        Rule.Builder.create(this, "BatchStatusRule")
                .description("HealthOmics run batch status changes of this account, to the status function")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.omics"))
                        .detailType(List.of("RunBatch Status Change"))
                        .account(List.of(getAccount()))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(status.alias())
                        .deadLetterQueue(trackingFailures)
                        .retryAttempts(4)
                        .maxEventAge(Duration.hours(2))
                        .build()))
                .build();
        Rule.Builder.create(this, "ReconcileSchedule")
                .description("Every " + config.reconcileMinutes() + " minutes: reconcile open omics-dropzone batches")
                .schedule(Schedule.rate(Duration.minutes(config.reconcileMinutes())))
                .targets(List.of(LambdaFunction.Builder.create(reconcile.alias())
                        .deadLetterQueue(trackingFailures)
                        .retryAttempts(2)
                        .build()))
                .build();

        outputs(inputBucket, outputBucket, outputUri, table, topic, submit, status, reconcile, serviceRole,
                submitFailures, trackingFailures);
        suppressStackWideFindings(serviceRole);
    }

    /** One customer-managed key for what must use one: the topic (CloudWatch alarms publish to it) and the logs. */
    private Key encryptionKey() {
        PolicyDocument policy = PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .sid("AccountAdministersKeyAndDelegatesUseToIam")
                        .principals(List.of(new AccountRootPrincipal()))
                        .actions(KEY_ACCOUNT_ACTIONS)
                        // In a key policy "*" means this key and nothing else.
                        .resources(List.of("*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CloudWatchLogsEncryptsThisAccountsLogGroups")
                        .principals(List.of(new ServicePrincipal("logs." + getRegion() + ".amazonaws.com")))
                        .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                                "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                        .resources(List.of("*"))
                        .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                                formatArn(ArnComponents.builder()
                                        .service("logs")
                                        .resource("log-group")
                                        .resourceName("*")
                                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                        .build()))))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CloudWatchAlarmsPublishToEncryptedTopic")
                        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                        .resources(List.of("*"))
                        .build()))
                .build();
        return Key.Builder.create(this, "EncryptionKey")
                .description("omics-dropzone: encrypts the notification topic and the Lambda log groups")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .policy(policy)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private IBucket inputBucket() {
        if (config.inputBucketName().isPresent()) {
            return Bucket.fromBucketName(this, "InputBucket", config.inputBucketName().get());
        }
        return hardenedBucket("InputBucket", "input-bucket/");
    }

    private IBucket outputBucket() {
        Optional<String> existing = config.outputBucketName().or(config::outputUriBucket);
        if (existing.isPresent()) {
            return Bucket.fromBucketName(this, "OutputBucket", existing.get());
        }
        return hardenedBucket("OutputBucket", "output-bucket/");
    }

    /** Versioned, SSE-KMS (aws/s3 key with a bucket key), private, TLS-only, access-logged, retained. */
    private Bucket hardenedBucket(String id, String accessLogPrefix) {
        Bucket bucket = Bucket.Builder.create(this, id)
                .encryption(BucketEncryption.KMS_MANAGED)
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .serverAccessLogsBucket(accessLogsBucket())
                .serverAccessLogsPrefix(accessLogPrefix)
                .lifecycleRules(List.of(noncurrentVersionExpiry()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagSuppressions.addResourceSuppressions(bucket, List.of(replicationSuppression()));
        return bucket;
    }

    /** Created on first use: a stack that only imports existing buckets has no access-log bucket. */
    private Bucket accessLogsBucket() {
        if (accessLogsBucket == null) {
            accessLogsBucket = Bucket.Builder.create(this, "AccessLogsBucket")
                    // Server access logging delivers only to SSE-S3 buckets.
                    .encryption(BucketEncryption.S3_MANAGED)
                    .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                    .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                    .enforceSsl(true)
                    .minimumTlsVersion(1.2)
                    .versioned(true)
                    .lifecycleRules(List.of(noncurrentVersionExpiry()))
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
            NagSuppressions.addResourceSuppressions(accessLogsBucket, List.of(
                    replicationSuppression(),
                    NagPackSuppression.builder()
                            .id("HIPAA.Security-S3DefaultEncryptionKMS")
                            .reason("S3 server access logging delivers only to buckets encrypted with SSE-S3 "
                                    + "(AES256); the logs hold request metadata, not object contents")
                            .build()));
        }
        return accessLogsBucket;
    }

    private LifecycleRule noncurrentVersionExpiry() {
        return LifecycleRule.builder()
                .id("ExpireNoncurrentVersions")
                .noncurrentVersionExpiration(Duration.days(config.noncurrentVersionDays()))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build();
    }

    private static NagPackSuppression replicationSuppression() {
        return NagPackSuppression.builder()
                .id("HIPAA.Security-S3BucketReplicationEnabled")
                .reason("Cross-region replication is a data-residency decision for the account owner; durability "
                        + "comes from S3 itself and from versioning with retained noncurrent versions")
                .build();
    }

    private Table table() {
        Table table = Table.Builder.create(this, "DropsTable")
                .partitionKey(Attribute.builder().name("requestId").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // Status events carry the batch id, not our requestId.
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(BATCH_ID_INDEX)
                .partitionKey(Attribute.builder().name("batchId").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
        // Sparse: only items whose batch is not terminal carry openBatch = "OPEN", so the reconciler's Query reads
        // exactly the open batches, oldest first, instead of scanning the table.
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(OPEN_BATCHES_INDEX)
                .partitionKey(Attribute.builder().name("openBatch").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("createdAt").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
        NagSuppressions.addResourceSuppressions(table, List.of(NagPackSuppression.builder()
                .id("HIPAA.Security-DynamoDBInBackupPlan")
                .reason("Point-in-time recovery (35 days) is on and the table is retained with deletion protection; "
                        + "enrolment in an AWS Backup plan is left to the account's central backup policy")
                .build()));
        return table;
    }

    private Topic topic() {
        Topic topic = Topic.Builder.create(this, "NotificationTopic")
                .displayName("omics-dropzone")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        // The topic policy replaces SNS's default one, so CloudWatch alarms need their own statement.
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccountPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(new TreeMap<>(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", formatArn(ArnComponents.builder()
                                .service("cloudwatch")
                                .resource("alarm")
                                .resourceName("*")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .build())))))
                .build());
        config.notificationEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }

    private Queue failureQueue(String id, String what, Topic topic) {
        Queue queue = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(queue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the on-failure destination / dead-letter queue; its depth alarm "
                        + "notifies the topic")
                .build()));
        AnyOccurrenceAlarm.create(this, id + "Alarm",
                "omics-dropzone: " + what + " (messages are waiting in the queue)",
                queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5))
                        .statistic("Maximum")
                        .build()),
                topic);
        return queue;
    }

    private void grantSubmit(DropzoneFunction submit, IBucket inputBucket, IRole serviceRole) {
        submit.role().addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadDroppedRunSettings")
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
                .resources(List.of(inputBucket.arnForObjects(config.uploadPrefix() + "*")))
                .build());
        // StartRunBatch is authorized twice: omics:StartRunBatch on the batch and omics:StartRun for the runs it
        // creates, each against the run, the workflow and (when set) the run group and run cache. Run and batch
        // ids do not exist before the call; the workflow, run group and cache are the configured ones.
        List<String> startResources = new ArrayList<>(List.of(
                omicsArn("runBatch", "*"),
                omicsArn("run", "*"),
                omicsArn("workflow", config.workflowId())));
        config.runGroupId().ifPresent(id -> startResources.add(omicsArn("runGroup", id)));
        config.cacheId().ifPresent(id -> startResources.add(omicsArn("runCache", id)));
        submit.role().addToPolicy(PolicyStatement.Builder.create()
                .sid("StartRunBatchAndItsRuns")
                .actions(List.of("omics:StartRunBatch", "omics:StartRun"))
                .resources(startResources)
                .build());
        submit.role().addToPolicy(PolicyStatement.Builder.create()
                .sid("TagBatchAndRuns")
                .actions(List.of("omics:TagResource"))
                .resources(List.of(omicsArn("runBatch", "*"), omicsArn("run", "*")))
                .build());
        submit.role().addToPolicy(PolicyStatement.Builder.create()
                .sid("PassServiceRoleToHealthOmics")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(serviceRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "omics.amazonaws.com")))
                .build());
    }

    /**
     * {@code sns:Publish} on the topic and the two KMS actions an encrypted topic needs from a publisher, written
     * out because {@code Topic#grantPublish} adds the wildcard action {@code kms:GenerateDataKey*}.
     */
    private void grantPublish(DropzoneFunction function, Topic topic) {
        function.role().addToPolicy(PolicyStatement.Builder.create()
                .sid("PublishNotifications")
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .build());
        function.role().addToPolicy(PolicyStatement.Builder.create()
                .sid("EncryptNotifications")
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(key.getKeyArn()))
                .build());
    }

    private String omicsArn(String resourceType, String id) {
        return formatArn(ArnComponents.builder()
                .service("omics")
                .resource(resourceType)
                .resourceName(id)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    private void outputs(IBucket inputBucket, IBucket outputBucket, String outputUri, Table table, Topic topic,
            DropzoneFunction submit, DropzoneFunction status, DropzoneFunction reconcile, IRole serviceRole,
            Queue submitFailures, Queue trackingFailures) {
        output("InputBucketName", inputBucket.getBucketName(), "Bucket to drop run-settings files into");
        output("UploadPrefix", config.uploadPrefix(), "Key prefix that triggers a submission (files ending .json)");
        output("OutputBucketName", outputBucket.getBucketName(), "Bucket HealthOmics writes run outputs to");
        output("OutputUri", outputUri, "defaultRunSetting.outputUri of every batch");
        output("TableName", table.getTableName(), "DynamoDB table of drops and their batches");
        output("TopicArn", topic.getTopicArn(), "SNS topic for submissions, completions and alarms");
        output("SubmitFunctionName", submit.function().getFunctionName(), "Submit function (S3 drops)");
        output("BatchStatusFunctionName", status.function().getFunctionName(), "Batch status event function");
        output("ReconcileFunctionName", reconcile.function().getFunctionName(), "Scheduled reconciler function");
        output("ServiceRoleArn", serviceRole.getRoleArn(), "HealthOmics service role (defaultRunSetting.roleArn)");
        output("SubmitFailuresQueueUrl", submitFailures.getQueueUrl(), "Drops that failed after retries");
        output("TrackingFailuresQueueUrl", trackingFailures.getQueueUrl(), "Tracking events that failed");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The resource wildcards a function's policy holds, named one by one. */
    private void suppressWildcardsOfFunction(DropzoneFunction function, Table table, boolean submits) {
        String omicsPrefix = "Resource::arn:<AWS::Partition>:omics:<AWS::Region>:<AWS::AccountId>:";
        String tableIndexes = "Resource::<" + logicalIdOf(table) + ".Arn>/index/*";
        NagPackSuppression suppression = submits
                ? NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("Wildcards only where names cannot be known in advance: run batch and run ids are "
                                + "created by HealthOmics (runBatch/*, run/* of this account and region), the "
                                + "dropped files are any object under the upload prefix, and <table>/index/* is "
                                + "the table's own two GSIs (byBatchId, openBatches)")
                        .appliesTo(List.of(omicsPrefix + "runBatch/*", omicsPrefix + "run/*", tableIndexes,
                                "Resource::" + objectsUnderUploadPrefix()))
                        .build()
                : NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("Wildcards only where names cannot be known in advance: run batch ids are created "
                                + "by HealthOmics (runBatch/* of this account and region), and <table>/index/* is "
                                + "the table's own two GSIs (byBatchId, openBatches)")
                        .appliesTo(List.of(omicsPrefix + "runBatch/*", tableIndexes))
                        .build();
        NagSuppressions.addResourceSuppressions(function.role(), List.of(suppression), true);
    }

    private String objectsUnderUploadPrefix() {
        Optional<String> existing = config.inputBucketName();
        String bucket = existing.map(name -> "arn:<AWS::Partition>:s3:::" + name)
                .orElseGet(() -> "<" + logicalIdOf(getNode().findChild("InputBucket")) + ".Arn>");
        return bucket + "/" + config.uploadPrefix() + "*";
    }

    private String logicalIdOf(IConstruct construct) {
        return getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    private void suppressStackWideFindings(IRole serviceRole) {
        NagSuppressions.addStackSuppressions(this, List.of(NagPackSuppression.builder()
                .id("HIPAA.Security-IAMNoInlinePolicy")
                .reason("Every AWS::IAM::Policy here is CDK's per-role policy, attached to exactly one role of this "
                        + "stack and deleted with it; its statements are least-privilege and asserted one by one in "
                        + "DropzoneIamTest")
                .build()));
        String outputBucketArn = config.outputBucketName().or(config::outputUriBucket)
                .map(name -> "arn:<AWS::Partition>:s3:::" + name)
                .orElseGet(() -> "<" + logicalIdOf(getNode().findChild("OutputBucket")) + ".Arn>");
        NagSuppressions.addResourceSuppressions(serviceRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("HealthOmics reads the run-settings files and inputs under the upload prefix and writes "
                        + "outputs under the output prefix, object names it chooses at run time; its workflow log "
                        + "group /aws/omics/WorkflowLog gets one stream per run")
                .appliesTo(List.of(
                        "Resource::" + objectsUnderUploadPrefix(),
                        "Resource::" + outputBucketArn + "/" + config.outputPrefix() + "*",
                        "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                                + OmicsServiceRole.WORKFLOW_LOG_GROUP + ":*",
                        "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                                + OmicsServiceRole.WORKFLOW_LOG_GROUP + ":log-stream:*"))
                .build()), true);
        // CDK's singleton that applies the S3 notification configuration at deploy time.
        IConstruct notificationsHandler = getNode().tryFindChild(NOTIFICATIONS_HANDLER_ID);
        if (notificationsHandler != null) {
            NagSuppressions.addResourceSuppressions(notificationsHandler, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM4")
                    .reason("aws-cdk-lib attaches AWSLambdaBasicExecutionRole to its deploy-time S3 notifications "
                            + "handler unconditionally; it grants only CloudWatch Logs writes, and the handler's "
                            + "own policy is scoped to the input bucket")
                    .appliesTo(List.of(
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
                    .build()), true);
        }
    }
}
