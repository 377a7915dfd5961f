package io.omicsdropzone.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * What the dropzone keeps: the encryption key, the input and output buckets (created hardened, or imported), the
 * drops table and its indexes, the notification topic and the two failure queues. The grants to use them live here
 * too, each naming exactly the actions and resources a caller passes in.
 */
final class DropzoneStorage extends Construct implements GroupingConstruct {

    public static final String BATCH_ID_INDEX = "byBatchId";
    public static final String OPEN_BATCHES_INDEX = "openBatches";
    public static final String OPEN_DROPS_INDEX = "openDrops";

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

    private final DropzoneConfig config;
    private final Key key;
    private Bucket accessLogsBucket;
    private final IBucket inputBucket;
    private final IBucket outputBucket;
    private final Table table;
    private final Topic topic;
    private final Topic alarmTopic;
    private final Queue submitFailures;
    private final Queue trackingFailures;

    DropzoneStorage(Construct scope, String id, DropzoneConfig config) {
        super(scope, id);
        this.config = config;
        this.key = createKey();
        this.inputBucket = createInputBucket();
        this.outputBucket = createOutputBucket();
        this.table = createTable();
        this.topic = createTopic();
        // Alarm actions publish without a MessageGroupId, which a FIFO topic refuses: they get a standard topic then.
        this.alarmTopic = config.fifoTopic() ? alarmsOnly() : topic;
        this.submitFailures = createFailureQueue("SubmitFailures");
        this.trackingFailures = createFailureQueue("TrackingFailures");
    }

    Key key() {
        return key;
    }

    IBucket inputBucket() {
        return inputBucket;
    }

    IBucket outputBucket() {
        return outputBucket;
    }

    /** {@code s3://BUCKET/PREFIX}: where every batch writes ({@code defaultRunSetting.outputUri}). */
    String outputUri() {
        return "s3://" + outputBucket.getBucketName() + "/" + config.outputPrefix();
    }

    Table table() {
        return table;
    }

    Topic topic() {
        return topic;
    }

    /** Where the alarms notify: the notification topic, or a standard topic of its own beside a FIFO one. */
    Topic alarmTopic() {
        return alarmTopic;
    }

    /** S3 drop events the submit function could not process after its retries. */
    Queue submitFailures() {
        return submitFailures;
    }

    /** Status events and reconciler runs that failed after their retries. */
    Queue trackingFailures() {
        return trackingFailures;
    }

    /** What every function needs to find the records and the topic. */
    Map<String, String> environment() {
        return Map.of("TABLE_NAME", table.getTableName(), "TOPIC_ARN", topic.getTopicArn());
    }

    /** Item-level actions on the table itself (GetItem, PutItem, UpdateItem, ...), and nothing on its indexes. */
    void grantItemActions(IRole role, String... actions) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadWriteDropRecords")
                .actions(Arrays.stream(actions).map(a -> "dynamodb:" + a).toList())
                .resources(List.of(table.getTableArn()))
                .build());
    }

    /** {@code dynamodb:Query} on the named indexes only (never the table, never {@code index/*}). */
    void grantQuery(IRole role, String... indexNames) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("QueryDropIndexes")
                .actions(List.of("dynamodb:Query"))
                .resources(Arrays.stream(indexNames).map(name -> table.getTableArn() + "/index/" + name).toList())
                .build());
    }

    /**
     * {@code sns:Publish} on the topic and the two KMS actions an encrypted topic needs from a publisher, written
     * out because {@code Topic#grantPublish} adds the wildcard action {@code kms:GenerateDataKey*}.
     */
    void grantPublish(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PublishNotifications")
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("EncryptNotifications")
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(key.getKeyArn()))
                .build());
    }

    /** One customer-managed key for what must use one: the topic (CloudWatch alarms publish to it) and the logs. */
    private Key createKey() {
        Stack stack = Stack.of(this);
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
                        .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                        .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                                "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                        .resources(List.of("*"))
                        .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                                stack.formatArn(ArnComponents.builder()
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

    private IBucket createInputBucket() {
        if (config.inputBucketName().isPresent()) {
            return Bucket.fromBucketName(this, "InputBucket", config.inputBucketName().get());
        }
        return hardenedBucket("InputBucket", "input-bucket/");
    }

    private IBucket createOutputBucket() {
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

    private Table createTable() {
        Table drops = Table.Builder.create(this, "DropsTable")
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
        drops.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(BATCH_ID_INDEX)
                .partitionKey(Attribute.builder().name("batchId").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
        // Sparse: only items whose batch is not terminal carry openBatch = "OPEN", so the reconciler's Query reads
        // exactly the open batches, oldest first, instead of scanning the table.
        drops.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(OPEN_BATCHES_INDEX)
                .partitionKey(Attribute.builder().name("openBatch").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("createdAt").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
        // Sparse as well: drops not yet settled carry openDrop = "OPEN", so the reconciler finds the ones stuck
        // since before a cutoff (openDrop = OPEN AND updatedAt < cutoff) without a scan.
        drops.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(OPEN_DROPS_INDEX)
                .partitionKey(Attribute.builder().name("openDrop").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("updatedAt").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
        NagSuppressions.addResourceSuppressions(drops, List.of(NagPackSuppression.builder()
                .id("HIPAA.Security-DynamoDBInBackupPlan")
                .reason("Point-in-time recovery (35 days) is on and the table is retained with deletion protection; "
                        + "enrolment in an AWS Backup plan is left to the account's central backup policy")
                .build()));
        return drops;
    }

    private Topic createTopic() {
        Topic notifications = Topic.Builder.create(this, "NotificationTopic")
                .displayName("omics-dropzone")
                .masterKey(key)
                .enforceSsl(true)
                // FIFO: the functions then publish with MessageGroupId = requestId and MessageDeduplicationId =
                // notificationId; no content-based deduplication, so the ids alone decide what is a repeat.
                .fifo(config.fifoTopic() ? true : null)
                .build();
        if (!config.fifoTopic()) {
            allowAlarms(notifications);
        }
        config.notificationEmail().ifPresent(email -> notifications.addSubscription(new EmailSubscription(email)));
        return notifications;
    }

    private Topic alarmsOnly() {
        Topic alarms = Topic.Builder.create(this, "AlarmTopic")
                .displayName("omics-dropzone alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        allowAlarms(alarms);
        return alarms;
    }

    private void allowAlarms(Topic notifications) {
        // The topic policy replaces SNS's default one, so CloudWatch alarms need their own statement.
        Stack stack = Stack.of(this);
        notifications.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccountPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(notifications.getTopicArn()))
                .conditions(new TreeMap<>(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                                .service("cloudwatch")
                                .resource("alarm")
                                .resourceName("*")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .build())))))
                .build());
    }

    private Queue createFailureQueue(String id) {
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
        return queue;
    }
}
