package io.omicsdropzone.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsdropzone.infra.IamEvaluator.Decision;
import io.omicsdropzone.infra.IamEvaluator.Need;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on small hand-written templates: the IAM evaluation rules the ledger check relies on (deny wins,
 * NotAction/NotResource, wildcards, each condition operator with present and missing keys, resource-policy denies by
 * principal), so a wrong "allowed" cannot hide behind a large template.
 */
class IamEvaluatorTest {

    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/SubmitRole";

    /** A template with a submit function whose role holds {@code statements}, and a bucket policy {@code denies}. */
    static IamPolicies policies(String statements, String bucketPolicy) throws Exception {
        String template = """
                {"Resources": {
                  "InputBucket": {"Type": "AWS::S3::Bucket"},
                  "Notifications": {"Type": "Custom::S3BucketNotifications", "Properties": {"BucketName": {"Ref": "InputBucket"}}},
                  "SubmitRole": {"Type": "AWS::IAM::Role"},
                  "StatusRole": {"Type": "AWS::IAM::Role"},
                  "ReconcileRole": {"Type": "AWS::IAM::Role"},
                  "Submit": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "%s", "Role": {"Fn::GetAtt": ["SubmitRole", "Arn"]}}},
                  "Status": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "%s", "Role": {"Fn::GetAtt": ["StatusRole", "Arn"]}}},
                  "Reconcile": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "%s", "Role": {"Fn::GetAtt": ["ReconcileRole", "Arn"]}}},
                  "SubmitPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"Roles": [{"Ref": "SubmitRole"}],
                      "PolicyDocument": {"Statement": %s}}},
                  "InputBucketPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"PolicyDocument": {"Statement": %s}}}
                }}""".formatted(SubmitPipeline.SUBMIT_HANDLER, BatchTracking.STATUS_HANDLER,
                BatchTracking.RECONCILE_HANDLER, statements, bucketPolicy);
        JsonNode json = new ObjectMapper().readTree(template);
        return IamPolicies.of("test", json, Map.of("bucket", "drops", "region", "us-east-1",
                "account", "123456789012"));
    }

    private static Need need(String action, String resource, String... context) {
        Map<String, String> values = new java.util.LinkedHashMap<>(Map.of("aws:PrincipalArn", ROLE_ARN));
        for (int i = 0; i < context.length; i += 2) {
            values.put(context[i], context[i + 1]);
        }
        return new Need(action, resource, values, "test");
    }

    private static Decision decide(IamPolicies policies, Need need) {
        return IamEvaluator.evaluate(policies, "submit", need);
    }

    @Test
    void an_allow_grants_its_actions_on_its_resources_with_wildcards_and_nothing_else() throws Exception {
        IamPolicies policies = policies("""
                [{"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*"],
                  "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["InputBucket", "Arn"]}, "/incoming/*"]]}}]""", "[]");

        assertThat(decide(policies, need("s3:GetObject", "arn:aws:s3:::drops/incoming/a/b.json")).allowed()).isTrue();
        assertThat(decide(policies, need("S3:GETOBJECT", "arn:aws:s3:::drops/incoming/a.json")).allowed())
                .as("actions are case-insensitive").isTrue();
        Decision elsewhere = decide(policies, need("s3:GetObject", "arn:aws:s3:::drops/submitted/a.json"));
        assertThat(elsewhere.allowed()).isFalse();
        assertThat(elsewhere.closest().sid()).isEqualTo("Read");
        assertThat(decide(policies, need("s3:PutObject", "arn:aws:s3:::drops/incoming/a.json")).allowed()).isFalse();
    }

    @Test
    void an_explicit_deny_wins_over_an_allow_and_not_action_not_resource_invert_the_match() throws Exception {
        IamPolicies policies = policies("""
                [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                 {"Sid": "NoDeletes", "Effect": "Deny", "NotAction": ["s3:Get*", "s3:Put*"], "Resource": "*"},
                 {"Sid": "OnlyDrops", "Effect": "Deny", "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::drops/*"}]""",
                "[]");

        assertThat(decide(policies, need("s3:PutObject", "arn:aws:s3:::drops/x")).allowed()).isTrue();
        assertThat(decide(policies, need("s3:DeleteObject", "arn:aws:s3:::drops/x")).deniedBy().sid())
                .isEqualTo("NoDeletes");
        assertThat(decide(policies, need("s3:PutObject", "arn:aws:s3:::other/x")).deniedBy().sid())
                .isEqualTo("OnlyDrops");
    }

    @Test
    void conditions_hold_only_for_matching_values_and_a_missing_key_fails_all_but_negated_and_if_exists()
            throws Exception {
        IamPolicies policies = policies("""
                [{"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::drops",
                  "Condition": {"StringLike": {"s3:prefix": ["incoming/*"]}}},
                 {"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
                  "Condition": {"StringEquals": {"iam:PassedToService": "omics.amazonaws.com"}}},
                 {"Sid": "Invoke", "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*",
                  "Condition": {"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:s3:::drops"}, "Bool": {"aws:SecureTransport": "true"}}}]""",
                "[]");

        assertThat(decide(policies, need("s3:ListBucket", "arn:aws:s3:::drops", "s3:prefix", "incoming/a")).allowed())
                .isTrue();
        assertThat(decide(policies, need("s3:ListBucket", "arn:aws:s3:::drops", "s3:prefix", "submitted/")).allowed())
                .isFalse();
        assertThat(decide(policies, need("s3:ListBucket", "arn:aws:s3:::drops")).allowed())
                .as("a ListObjectsV2 without prefix has no s3:prefix").isFalse();
        assertThat(decide(policies, need("iam:PassRole", "r", "iam:PassedToService", "lambda.amazonaws.com"))
                .allowed()).isFalse();
        assertThat(decide(policies, need("lambda:InvokeFunction", "f", "aws:SecureTransport", "true")).allowed())
                .as("IfExists holds without the key").isTrue();
        assertThat(decide(policies, need("lambda:InvokeFunction", "f", "aws:SecureTransport", "false")).allowed())
                .isFalse();
    }

    @Test
    void a_bucket_policy_deny_applies_to_the_principals_it_does_not_except() throws Exception {
        IamPolicies policies = policies("""
                [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]""", """
                [{"Sid": "OnlyWriters", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:PutObject",
                  "Resource": "arn:aws:s3:::drops/submitted/*",
                  "Condition": {"ArnNotEquals": {"aws:PrincipalArn": ["arn:aws:iam::123456789012:role/Writer"]}}}]""");

        assertThat(decide(policies, need("s3:PutObject", "arn:aws:s3:::drops/submitted/a")).deniedBy().sid())
                .isEqualTo("OnlyWriters");
        assertThat(decide(policies, need("s3:PutObject", "arn:aws:s3:::drops/incoming/a")).allowed()).isTrue();
        assertThat(IamEvaluator.evaluate(policies, "submit", new Need("s3:PutObject",
                "arn:aws:s3:::drops/submitted/a", Map.of("aws:PrincipalArn", "arn:aws:iam::123456789012:role/Writer"),
                "test")).allowed()).isTrue();
    }

    @Test
    void an_operator_the_evaluator_does_not_know_fails_loudly() throws Exception {
        IamPolicies policies = policies("""
                [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                  "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}}]""", "[]");

        assertThatThrownBy(() -> decide(policies, need("s3:GetObject", "o", "aws:CurrentTime", "2026-01-01")))
                .hasMessageContaining("DateGreaterThan");
    }
}
