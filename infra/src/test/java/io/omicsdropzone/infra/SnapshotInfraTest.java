package io.omicsdropzone.infra;

import static io.omicsdropzone.infra.Cfn.Statement.allow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsdropzone.infra.Cfn.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The snapshot prefix in the template: who may write and read it, the bucket policy that keeps everyone else out,
 * its expiry, and the context checks (no overlap with the upload prefix).
 */
class SnapshotInfraTest {

    private static Cfn cfn;
    private static String inputBucket;
    private static String submitRole;

    @BeforeAll
    static void synthesize() {
        cfn = new Cfn(SynthesizedStack.minimal().json());
        inputBucket = cfn.outputTarget("InputBucketName");
        submitRole = cfn.roleOf(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER));
    }

    @Test
    void theSubmitFunctionWritesAndReadsSnapshotsIncludingMultipartCopies() {
        assertThat(cfn.statementsOfRole(submitRole)).contains(allow(SnapshotProtection.WRITE_SID,
                List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"),
                List.of("${" + inputBucket + ".Arn}/submitted/*")));
        assertThat(cfn.properties(cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER))
                .path("Environment").path("Variables").path("SNAPSHOT_PREFIX").asText()).isEqualTo("submitted/");
    }

    @Test
    void healthOmicsReadsRunSettingsOnlyFromSnapshots() {
        List<Statement> statements = cfn.statementsOfRole(cfn.outputTarget("ServiceRoleArn"));

        assertThat(statements).contains(
                allow("ReadRunSettingsSnapshots", List.of("s3:GetObject"),
                        List.of("${" + inputBucket + ".Arn}/submitted/*")),
                allow("ReadInputs", List.of("s3:GetObject"), List.of("${" + inputBucket + ".Arn}/incoming/*")),
                new Statement("NeverReadDroppedRunSettings", "Deny", List.of("s3:GetObject"),
                        List.of("${" + inputBucket + ".Arn}/incoming/*.json"), Map.of()));
        assertThat(statements).noneMatch(s -> s.effect().equals("Allow") && s.actions().contains("s3:PutObject")
                && s.resources().stream().anyMatch(r -> r.contains("/submitted/")));
    }

    @Test
    void theBucketPolicyDeniesSnapshotWritesAndDeletesToEveryoneButTheSubmitRole() {
        JsonNode policy = cfn.ofType("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> Cfn.render(p.path("Properties").path("Bucket")).equals("${" + inputBucket + "}"))
                .findFirst().orElseThrow().path("Properties").path("PolicyDocument");
        JsonNode deny = StreamSupport.stream(policy.path("Statement").spliterator(), false)
                .filter(s -> SnapshotProtection.DENY_SID.equals(s.path("Sid").asText()))
                .findFirst().orElseThrow();

        assertThat(Cfn.statement(deny)).isEqualTo(new Statement(SnapshotProtection.DENY_SID, "Deny",
                List.of("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject"),
                List.of("${" + inputBucket + ".Arn}/submitted/*"),
                Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", List.of("${" + submitRole + ".Arn}")))));
        assertThat(deny.path("Principal").path("AWS").asText()).isEqualTo("*");
    }

    @Test
    void snapshotsExpireAfterTheConfiguredDays() {
        JsonNode rules = cfn.properties(inputBucket).path("LifecycleConfiguration").path("Rules");
        JsonNode expiry = StreamSupport.stream(rules.spliterator(), false)
                .filter(rule -> SnapshotProtection.EXPIRY_RULE.equals(rule.path("Id").asText()))
                .findFirst().orElseThrow();

        assertThat(expiry.path("Prefix").asText()).isEqualTo("submitted/");
        assertThat(expiry.path("ExpirationInDays").asInt()).isEqualTo(DropzoneConfig.DEFAULT_SNAPSHOT_EXPIRY_DAYS);
        assertThat(expiry.path("Status").asText()).isEqualTo("Enabled");
    }

    @Test
    void contextRefusesASnapshotPrefixOverlappingTheUploadPrefix() {
        for (Map<String, Object> context : List.<Map<String, Object>>of(
                Map.of("workflowId", "1", "snapshotPrefix", "incoming/submitted/"),
                Map.of("workflowId", "1", "uploadPrefix", "in/x/", "snapshotPrefix", "in/"),
                Map.of("workflowId", "1", "uploadPrefix", "same/", "snapshotPrefix", "same/"))) {
            assertThatThrownBy(() -> DropzoneConfig.fromContext(context::get))
                    .isInstanceOf(DropzoneConfig.InvalidContextException.class)
                    .hasMessageContaining("'snapshotPrefix'").hasMessageContaining("must not overlap");
        }
        DropzoneConfig sideBySide = DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "uploadPrefix", "in/", "snapshotPrefix", "inbox-snapshots/", "snapshotExpiryDays", "30",
                "snapshotWriterRoleArns", "arn:aws:iam::123456789012:role/lab-operator")::get);
        assertThat(sideBySide.snapshotPrefix()).isEqualTo("inbox-snapshots/");
        assertThat(sideBySide.snapshotExpiryDays()).isEqualTo(30);
        assertThat(sideBySide.snapshotWriterRoleArns()).containsExactly("arn:aws:iam::123456789012:role/lab-operator");
    }

    @Test
    void contextChecksTheExpiryAndTheWriterRoles() {
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1",
                "snapshotExpiryDays", "1", "snapshotWriterRoleArns", "arn:aws:iam::123456789012:user/alice")::get))
                .isInstanceOf(DropzoneConfig.InvalidContextException.class)
                .hasMessageContaining("snapshotExpiryDays").hasMessageContaining("snapshotWriterRoleArns");
        DropzoneConfig defaults = DropzoneConfig.fromContext(Map.<String, Object>of("workflowId", "1")::get);
        assertThat(defaults.snapshotPrefix()).isEqualTo("submitted/");
        assertThat(defaults.snapshotExpiryDays()).isEqualTo(90);
        assertThat(defaults.snapshotWriterRoleArns()).isEmpty();
    }
}
