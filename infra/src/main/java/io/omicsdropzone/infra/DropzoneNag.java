package io.omicsdropzone.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.Aspects;
import software.constructs.IConstruct;

/**
 * The cdk-nag rule packs the stack must pass: AWS Solutions and HIPAA Security. Unsuppressed findings become
 * synth errors and warnings, so {@code cdk synth} (and the test that applies the same packs) fails on a new one.
 */
public final class DropzoneNag {

    private DropzoneNag() {
    }

    public static void apply(IConstruct scope) {
        NagPackProps verbose = NagPackProps.builder().verbose(true).build();
        Aspects.of(scope).add(new AwsSolutionsChecks(verbose));
        Aspects.of(scope).add(new HIPAASecurityChecks(verbose));
    }
}
