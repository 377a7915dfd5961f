package io.omicsdropzone.infra;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.IConstruct;

/** ARNs as cdk-nag writes them in its findings, which {@code appliesTo} of a suppression must repeat exactly. */
final class NagArns {

    private NagArns() {
    }

    /** {@code arn:<AWS::Partition>:s3:::NAME} for an imported bucket, {@code <LogicalId.Arn>} for one we create. */
    static String bucket(IBucket bucket) {
        IConstruct resource = bucket.getNode().getDefaultChild();
        if (resource == null) {
            return "arn:<AWS::Partition>:s3:::" + bucket.getBucketName();
        }
        return "<" + Stack.of(bucket).getLogicalId((CfnElement) resource) + ".Arn>";
    }

    /** The objects under a key prefix of the bucket, as an IAM5 finding names them. */
    static String objectsUnder(IBucket bucket, String prefix) {
        return "Resource::" + bucket(bucket) + "/" + prefix + "*";
    }
}
