package io.omicsdropzone.local.standins.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.omicsdropzone.aws.AwsClients;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * The call ledger through the real SDK clients: each role's requests are attributed by the session token its clients
 * sign with (the harness's plain keys are not), and each entry carries what IAM looks at, read off the wire by the
 * stand-in that received it.
 */
class CallLedgerTest extends StandInsTestBase {

    private CallLedger ledger;

    @BeforeEach
    void clear() {
        ledger = env.standIns().ledger();
        ledger.clear();
    }

    @Test
    void s3_calls_carry_the_object_the_list_prefix_and_the_copy_tagging_directive() {
        env.upload("incoming/ledger/a.json", "[]");
        AwsClients submit = env.clients(LedgerRole.SUBMIT);

        submit.s3().listObjectsV2(b -> b.bucket(LocalEnvironment.BUCKET).prefix("incoming/ledger/"));
        submit.s3().copyObject(b -> b.sourceBucket(LocalEnvironment.BUCKET).sourceKey("incoming/ledger/a.json")
                .destinationBucket(LocalEnvironment.BUCKET).destinationKey("submitted/a.json")
                .taggingDirective(TaggingDirective.REPLACE));
        try {
            submit.s3().headObject(b -> b.bucket(LocalEnvironment.BUCKET).key("incoming/ledger/gone.json"));
        } catch (NoSuchKeyException expected) {
            // a 404, recorded with its status
        }

        assertThat(ledger.of(LedgerRole.HARNESS)).extracting(LedgerEntry::operation).containsExactly("PutObject");
        assertThat(ledger.of(LedgerRole.SUBMIT)).containsExactly(
                new LedgerEntry("submit", "s3", "ListObjectsV2", 200,
                        Map.of("bucket", LocalEnvironment.BUCKET, "prefix", "incoming/ledger/")),
                new LedgerEntry("submit", "s3", "CopyObject", 200, Map.of("bucket", LocalEnvironment.BUCKET,
                        "key", "submitted/a.json", "copySourceBucket", LocalEnvironment.BUCKET,
                        "copySourceKey", "incoming/ledger/a.json", "taggingDirective", "REPLACE")),
                new LedgerEntry("submit", "s3", "HeadObject", 404,
                        Map.of("bucket", LocalEnvironment.BUCKET, "key", "incoming/ledger/gone.json")));
    }

    @Test
    void dynamodb_sns_and_lambda_calls_name_their_table_index_topic_and_function() throws InterruptedException {
        AwsClients status = env.clients(LedgerRole.STATUS);
        AwsClients reconcile = env.clients(LedgerRole.RECONCILE);

        status.dynamoDb().query(b -> b.tableName(LocalEnvironment.TABLE).indexName("byBatchId")
                .keyConditionExpression("batchId = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS("none"))));
        status.sns().publish(b -> b.topicArn(env.config().topicArn()).message("{}"));
        reconcile.lambda().invokeEvent(LocalEnvironment.SUBMIT_FUNCTION, "{}"); // no Records: nothing to handle
        assertThat(env.standIns().lambda().awaitIdle(java.time.Duration.ofSeconds(60))).isTrue();

        assertThat(ledger.of(LedgerRole.STATUS)).containsExactly(
                new LedgerEntry("status", "dynamodb", "Query", 200,
                        Map.of("table", LocalEnvironment.TABLE, "index", "byBatchId")),
                new LedgerEntry("status", "sns", "Publish", 200, Map.of("topicArn", env.config().topicArn())));
        assertThat(ledger.of(LedgerRole.RECONCILE)).containsExactly(
                new LedgerEntry("reconcile", "lambda", "Invoke", 202,
                        Map.of("function", LocalEnvironment.SUBMIT_FUNCTION, "invocationType", "Event")));
    }

    @Test
    void a_session_token_that_names_no_role_is_the_harness() {
        assertThat(LedgerRole.ofSessionToken(null)).isEqualTo(LedgerRole.HARNESS);
        assertThat(LedgerRole.ofSessionToken("FwoGZXIvYXdzE...")).isEqualTo(LedgerRole.HARNESS);
        assertThat(LedgerRole.ofSessionToken(LedgerRole.OPERATOR.sessionToken())).isEqualTo(LedgerRole.OPERATOR);
    }
}
