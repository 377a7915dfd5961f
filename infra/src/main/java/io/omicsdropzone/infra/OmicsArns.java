package io.omicsdropzone.infra;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** HealthOmics resource ARNs in the stack's partition, region and account. */
final class OmicsArns {

    private OmicsArns() {
    }

    /** {@code arn:PARTITION:omics:REGION:ACCOUNT:TYPE/ID}, e.g. {@code runBatch/*} or {@code workflow/1234567}. */
    static String of(IConstruct scope, String resourceType, String id) {
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service("omics")
                .resource(resourceType)
                .resourceName(id)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    /** Every run batch of the account and region: batch ids are created by HealthOmics. */
    static String anyRunBatch(IConstruct scope) {
        return of(scope, "runBatch", "*");
    }

    /** How cdk-nag writes the same ARN in its findings, for {@code appliesTo}. */
    static String nagForm(String resourceType, String id) {
        return "Resource::arn:<AWS::Partition>:omics:<AWS::Region>:<AWS::AccountId>:" + resourceType + "/" + id;
    }
}
