package io.omicsdropzone.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The snapshot prefix: what HealthOmics reads, so nothing may change it under a running batch. The submit function
 * may write it (CopyObject, multipart UploadPartCopy) and read it; the bucket policy denies writes and deletes there
 * to every other principal but the operator roles named in {@code snapshotWriterRoleArns} (who run
 * {@code redrive}); a lifecycle rule expires snapshots after {@code snapshotExpiryDays}. On an imported input bucket
 * the stack cannot set the bucket policy or lifecycle rules: docs/deploy.md says what to add by hand.
 */
final class SnapshotProtection extends Construct {

    static final String WRITE_SID = "WriteRunSettingsSnapshots";
    static final String DENY_SID = "OnlyTheSubmitFunctionWritesSnapshots";
    static final String LIST_SID = "ListSnapshotPrefix";
    static final String EXPIRY_RULE = "ExpireRunSettingsSnapshots";

    SnapshotProtection(Construct scope, String id, IBucket inputBucket, DropzoneConfig config, IRole submitRole) {
        super(scope, id);
        String snapshots = inputBucket.arnForObjects(config.snapshotPrefix() + "*");
        // CopyObject and every step of a multipart copy (Create, UploadPartCopy, Complete) are authorized as
        // s3:PutObject on the target; AbortMultipartUpload has its own action. GetObject reads a snapshot back.
        submitRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid(WRITE_SID)
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(snapshots))
                .build());

        // A snapshot is written once: the submit function asks whether one is already there (HeadObject before a
        // re-drive's copy, GetObject of pre-flight's progress on a retry). Without s3:ListBucket S3 answers 403, not
        // 404, for a missing key (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html, Permissions),
        // so the function may list the snapshot prefix as it may list the upload prefix.
        submitRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid(LIST_SID)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(inputBucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(config.snapshotPrefix() + "*"))))
                .build());

        // No tagging actions: the snapshot CopyObject sends x-amz-tagging-directive REPLACE with no tags, and a
        // multipart copy's CreateMultipartUpload sends none, so neither is authorized as s3:GetObjectTagging or
        // s3:PutObjectTagging (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html). The IAM call
        // ledger fails if a copy ever asks for them again.

        List<String> writers = new ArrayList<>(List.of(submitRole.getRoleArn()));
        writers.addAll(config.snapshotWriterRoleArns());
        inputBucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(DENY_SID)
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"))
                .resources(List.of(snapshots))
                // aws:PrincipalArn is the role's ARN for its sessions (IAM condition keys reference).
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", writers)))
                .build());

        if (inputBucket instanceof Bucket created) {
            created.addLifecycleRule(LifecycleRule.builder()
                    .id(EXPIRY_RULE)
                    .prefix(config.snapshotPrefix())
                    .expiration(Duration.days(config.snapshotExpiryDays()))
                    .build());
        }
    }
}
