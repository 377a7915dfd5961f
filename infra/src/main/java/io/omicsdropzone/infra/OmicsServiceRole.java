package io.omicsdropzone.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The role HealthOmics assumes to run the batch's workflows ({@code defaultRunSetting.roleArn}): it reads the
 * run-settings file and the inputs under the upload prefix, writes the output location, writes the workflow logs,
 * and pulls private images from the configured ECR repositories.
 */
final class OmicsServiceRole extends Construct {

    static final String WORKFLOW_LOG_GROUP = "/aws/omics/WorkflowLog";

    private final Role role;

    OmicsServiceRole(Construct scope, String id, IBucket inputBucket, String uploadPrefix, String snapshotPrefix,
            IBucket outputBucket, String outputPrefix, List<String> ecrRepositoryArns, InputLocations inputLocations) {
        super(scope, id);
        Stack stack = Stack.of(this);

        // HealthOmics' documented trust policy has no conditions and its docs do not say which source keys the
        // service sends; the *IfExists forms pin them to this account's HealthOmics resources whenever they are
        // present without breaking runs if they are not (confused-deputy protection where possible).
        this.role = Role.Builder.create(this, "Role")
                .description("HealthOmics service role for omics-dropzone run batches")
                .assumedBy(new ServicePrincipal("omics.amazonaws.com").withConditions(new TreeMap<>(Map.of(
                        "StringEqualsIfExists", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLikeIfExists", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                                .service("omics")
                                .resource("*")
                                .arnFormat(ArnFormat.NO_RESOURCE_NAME)
                                .build()))))))
                .build();

        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadInputs")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(inputBucket.arnForObjects(uploadPrefix + "*")))
                .build());
        // Run settings are read only from their snapshots, which nothing but the submit function may change. Every
        // .json under the upload prefix is a dropped run-settings file (the notification fires for all of them), so
        // refusing those keeps a batch from ever reading a file its uploader can still overwrite.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadRunSettingsSnapshots")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(inputBucket.arnForObjects(snapshotPrefix + "*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("NeverReadDroppedRunSettings")
                .effect(software.amazon.awscdk.services.iam.Effect.DENY)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(inputBucket.arnForObjects(uploadPrefix + "*.json")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListUploadPrefix")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(inputBucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(uploadPrefix + "*"))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOutputs")
                .actions(List.of("s3:PutObject", "s3:GetObject"))
                .resources(List.of(outputBucket.arnForObjects(outputPrefix + "*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListOutputPrefix")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(outputBucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(outputPrefix + "*"))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("CreateWorkflowLogGroup")
                .actions(List.of("logs:CreateLogGroup"))
                .resources(List.of(logArn(stack, WORKFLOW_LOG_GROUP + ":*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteWorkflowLogs")
                .actions(List.of("logs:DescribeLogStreams", "logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logArn(stack, WORKFLOW_LOG_GROUP + ":log-stream:*")))
                .build());
        // The same statements the submit function gets for its pre-flight input checks.
        inputLocations.readStatements(this).forEach(role::addToPolicy);
        if (!ecrRepositoryArns.isEmpty()) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("PullWorkflowImages")
                    .actions(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                            "ecr:BatchCheckLayerAvailability"))
                    .resources(ecrRepositoryArns)
                    .build());
        }
    }

    Role role() {
        return role;
    }

    private static String logArn(Stack stack, String resourceName) {
        return stack.formatArn(ArnComponents.builder()
                .service("logs")
                .resource("log-group")
                .resourceName(resourceName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }
}
