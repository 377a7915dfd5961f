package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;

/** Our copy of CDK's logical ID allocation agrees with CDK's, and grouping constructs leave IDs unchanged. */
class LogicalIdsTest {

    @Test
    void matchesCdkForTopLevelNestedDefaultAndRepeatedComponents() {
        Stack stack = new Stack(new App(), "Plain");
        Construct outer = new Construct(stack, "Outer-Name");
        Construct inner = new Construct(outer, "Name");
        List<CfnResource> resources = List.of(
                resource(stack, "TopLevel"),
                resource(outer, "Resource"),
                resource(inner, "Thing"),
                resource(new Construct(inner, "Default"), "Leaf"),
                resource(new Construct(stack, "Bucket"), "Bucket"));

        for (CfnResource resource : resources) {
            List<String> components = List.of(resource.getNode().getPath().split("/")).subList(1,
                    resource.getNode().getPath().split("/").length);
            assertThat(LogicalIds.of(components)).as(resource.getNode().getPath())
                    .isEqualTo(stack.getLogicalId(resource));
        }
    }

    @Test
    void theStacksStatefulResourcesKeepTheIdsTheyHadBeforeTheStackWasSplitIntoGroups() {
        Cfn cfn = new Cfn(SynthesizedStack.minimal().json());

        // Each sits in a GroupingConstruct now (Storage, Submit); before the split it was a direct child.
        assertThat(cfn.outputTarget("TableName")).isEqualTo(LogicalIds.of(List.of("DropsTable", "Resource")));
        assertThat(cfn.outputTarget("InputBucketName")).isEqualTo(LogicalIds.of(List.of("InputBucket", "Resource")));
        assertThat(cfn.outputTarget("OutputBucketName")).isEqualTo(LogicalIds.of(List.of("OutputBucket", "Resource")));
        assertThat(cfn.outputTarget("TopicArn")).isEqualTo(LogicalIds.of(List.of("NotificationTopic", "Resource")));
        assertThat(cfn.outputTarget("SubmitFailuresQueueUrl"))
                .isEqualTo(LogicalIds.of(List.of("SubmitFailures", "Resource")));
        assertThat(cfn.onlyOfType("AWS::KMS::Key")).isEqualTo(LogicalIds.of(List.of("EncryptionKey", "Resource")));
        assertThat(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER))
                .isEqualTo(LogicalIds.of(List.of("SubmitFunction", "Function", "Resource")));
        assertThat(cfn.functionWithHandler(BatchTracking.RECONCILE_HANDLER))
                .isEqualTo(LogicalIds.of(List.of("ReconcileFunction", "Function", "Resource")));
        assertThat(cfn.outputTarget("ServiceRoleArn"))
                .isEqualTo(LogicalIds.of(List.of("HealthOmicsServiceRole", "Role", "Resource")));
    }

    private static CfnResource resource(Construct scope, String id) {
        return CfnResource.Builder.create(scope, id).type("Test::Some::Thing").build();
    }
}
