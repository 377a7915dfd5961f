package io.omicsdropzone.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * omics-dropzone: a run-settings file dropped under the upload prefix of the input bucket starts a HealthOmics run
 * batch ({@link SubmitPipeline}); batch status events and a schedule keep the DynamoDB record true
 * ({@link BatchTracking}); the SNS topic tells people ({@link DropzoneAlarms}); {@link DropzoneStorage} holds what
 * they share.
 */
public final class DropzoneStack extends Stack {

    /** The construct id aws-cdk-lib gives its singleton S3 notifications handler. */
    static final String NOTIFICATIONS_HANDLER_ID = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834";

    public DropzoneStack(Construct scope, String id, DropzoneStackProps props) {
        super(scope, id, props.stackProps());
        DropzoneConfig config = props.config();

        DropzoneStorage storage = new DropzoneStorage(this, "Storage", config);
        SubmitPipeline submit = new SubmitPipeline(this, "Submit", props.functionCode(), config, storage);
        BatchTracking tracking = new BatchTracking(this, "Tracking", props.functionCode(), config, storage,
                submit.function().alias());
        new DropzoneAlarms(this, "Alarms", storage,
                List.of(submit.function(), tracking.status(), tracking.reconcile()));
        DropzoneDashboard dashboard = new DropzoneDashboard(this, "Operations", config, storage,
                submit.function().function(), tracking.status().function(), tracking.reconcile().function());

        outputs(config, storage, submit, tracking);
        output("DashboardUrl", dashboard.url(), "CloudWatch dashboard: drops, runs, validation, latency, batch ends");
        suppressStackWideFindings();
    }

    /**
     * CDK's allocation, with the ids of {@link GroupingConstruct}s left out of the path: the constructs this stack
     * is split into do not rename (and so replace) the resources that were created before the split.
     */
    @Override
    protected String allocateLogicalId(CfnElement element) {
        List<IConstruct> scopes = element.getNode().getScopes();
        int stackIndex = scopes.indexOf(this);
        if (stackIndex < 0) {
            throw new IllegalStateException(element.getNode().getPath() + " is not in stack " + getStackName());
        }
        List<IConstruct> belowStack = scopes.subList(stackIndex + 1, scopes.size());
        if (belowStack.stream().noneMatch(GroupingConstruct.class::isInstance)) {
            return super.allocateLogicalId(element);
        }
        return LogicalIds.of(belowStack.stream()
                .filter(scope -> !(scope instanceof GroupingConstruct))
                .map(scope -> scope.getNode().getId())
                .toList());
    }

    private void outputs(DropzoneConfig config, DropzoneStorage storage, SubmitPipeline submit,
            BatchTracking tracking) {
        output("InputBucketName", storage.inputBucket().getBucketName(), "Bucket to drop run-settings files into");
        output("UploadPrefix", config.uploadPrefix(), "Key prefix that triggers a submission (files ending .json)");
        output("OutputBucketName", storage.outputBucket().getBucketName(), "Bucket HealthOmics writes run outputs to");
        output("OutputUri", storage.outputUri(), "defaultRunSetting.outputUri of every batch");
        output("TableName", storage.table().getTableName(), "DynamoDB table of drops and their batches");
        output("TopicArn", storage.topic().getTopicArn(), config.fifoTopic()
                ? "SNS FIFO topic for submissions and completions" : "SNS topic for submissions, completions and alarms");
        if (config.fifoTopic()) {
            output("AlarmTopicArn", storage.alarmTopic().getTopicArn(), "SNS topic for the alarms (subscribe e-mail here)");
        }
        output("SubmitFunctionName", submit.function().function().getFunctionName(), "Submit function (S3 drops)");
        output("BatchStatusFunctionName", tracking.status().function().getFunctionName(),
                "Batch status event function");
        output("ReconcileFunctionName", tracking.reconcile().function().getFunctionName(),
                "Scheduled reconciler function");
        output("ServiceRoleArn", submit.serviceRole().getRoleArn(),
                "HealthOmics service role (defaultRunSetting.roleArn)");
        output("SubmitFailuresQueueUrl", storage.submitFailures().getQueueUrl(),
                "Drops that failed after retries; re-handle them with: redrive-failures --queue <this URL>");
        output("TrackingFailuresQueueUrl", storage.trackingFailures().getQueueUrl(), "Tracking events that failed");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private void suppressStackWideFindings() {
        NagSuppressions.addStackSuppressions(this, List.of(NagPackSuppression.builder()
                .id("HIPAA.Security-IAMNoInlinePolicy")
                .reason("Every AWS::IAM::Policy here is CDK's per-role policy, attached to exactly one role of this "
                        + "stack and deleted with it; its statements are least-privilege and asserted one by one in "
                        + "DropzoneIamTest")
                .build()));
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
