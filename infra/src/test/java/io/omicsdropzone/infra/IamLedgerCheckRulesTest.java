package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.omicsdropzone.infra.IamLedger.Call;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The check on a hand-made ledger and template: a copy with the default tagging directive needs the tag actions, one
 * with REPLACE does not; the denial names the call, the role, the missing action and the closest statement; an
 * operation without a row is reported; the harness is never checked.
 */
class IamLedgerCheckRulesTest {

    private static final String GRANTS = """
            [{"Sid": "ReadDrops", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::drops/incoming/*"},
             {"Sid": "WriteSnapshots", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::drops/submitted/*"}]""";

    private static Call copy(String role, String directive) {
        Map<String, String> details = new java.util.HashMap<>(Map.of("bucket", "drops", "key", "submitted/a.json",
                "copySourceBucket", "drops", "copySourceKey", "incoming/a.json"));
        if (directive != null) {
            details.put("taggingDirective", directive);
        }
        return new Call("test", "single", role, "s3", "CopyObject", 200, details);
    }

    private static IamLedgerCheck.Result check(Call... calls) throws Exception {
        IamPolicies policies = IamEvaluatorTest.policies(GRANTS, "[]");
        IamLedger ledger = new IamLedger(List.of(calls), Map.of());
        return IamLedgerCheck.run(ledger, policies, policies);
    }

    @Test
    void a_copy_with_replace_needs_read_and_write_only() throws Exception {
        IamLedgerCheck.Result result = check(copy("submit", "REPLACE"));

        assertThat(result.denials()).isEmpty();
        assertThat(result.checkedCalls()).isEqualTo(1);
    }

    @Test
    void a_copy_that_keeps_the_tags_is_denied_without_the_tag_actions_naming_call_role_action_and_closest_statement()
            throws Exception {
        IamLedgerCheck.Result result = check(copy("submit", null));

        assertThat(result.denials()).extracting(d -> d.need().action())
                .containsExactly("s3:GetObjectTagging", "s3:PutObjectTagging");
        assertThat(result.denials().get(0).describe())
                .contains("submit s3:CopyObject", "role submit lacks s3:GetObjectTagging on "
                        + "arn:aws:s3:::drops/incoming/a.json", "closest statement: SubmitPolicy[0] ReadDrops");
    }

    @Test
    void an_operation_without_a_row_is_reported_and_the_harness_is_not_checked() throws Exception {
        IamLedgerCheck.Result result = check(
                new Call("test", "single", "submit", "s3", "GetObjectAcl", 200, Map.of("bucket", "drops")),
                new Call("test", "single", "harness", "s3", "DeleteBucket", 200, Map.of("bucket", "drops")));

        assertThat(result.unknownOperations()).extracting(Call::operation).containsExactly("GetObjectAcl");
        assertThat(result.checkedCalls()).isZero();
    }
}
