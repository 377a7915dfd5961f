package io.omicsdropzone.local.standins.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbFaultFrontTest extends FaultFrontTestBase {

    private static final String TABLE = "faults";
    private static DynamoDbClient dynamoDb;
    private static DynamoDbClient dynamoDbNoRetry;

    @BeforeAll
    static void clients() {
        dynamoDb = dynamoDb(retries(standardRetries()));
        dynamoDbNoRetry = dynamoDb(retries(AwsRetryStrategy.doNotRetry()));
        dynamoDb.createTable(b -> b.tableName(TABLE)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST"));
    }

    @AfterAll
    static void closeClients() {
        dynamoDb.close();
        dynamoDbNoRetry.close();
    }

    private FaultFront front() {
        return standIns.dynamoDbFaults();
    }

    @Test
    void passesPutAndGetThrough() {
        put("a", "one");

        assertThat(get("a")).isEqualTo("one");
        assertThat(front().requests()).isEqualTo(2);
    }

    @Test
    void throttlingFewerTimesThanTheAttemptsIsRetriedAway() {
        front().inject(FaultRule.on("PutItem").respond(ServiceError.dynamoDbProvisionedThroughputExceeded()).times(ATTEMPTS - 1));

        put("b", "two");

        assertThat(get("b")).isEqualTo("two");
        assertThat(front().requests()).isEqualTo(ATTEMPTS + 1);
        assertThat(front().injectedByKind())
                .isEqualTo(Map.of("error:ProvisionedThroughputExceededException", (long) ATTEMPTS - 1));
    }

    @Test
    void throttlingOnEveryAttemptReachesTheCallerTyped() {
        front().inject(FaultRule.on("PutItem").respond(ServiceError.dynamoDbProvisionedThroughputExceeded()).times(ATTEMPTS));

        assertThatThrownBy(() -> put("c", "three")).isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(front().requests()).isEqualTo(ATTEMPTS);
    }

    @Test
    void throttlingExceptionOnUpdateItemIsRetried() {
        put("d", "four");
        front().reset();
        front().inject(FaultRule.on("UpdateItem").respond(ServiceError.dynamoDbThrottling()).times(1));

        dynamoDb.updateItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("d")))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("four!"))));

        assertThat(get("d")).isEqualTo("four!");
        assertThat(front().injectedByKind()).isEqualTo(Map.of("error:ThrottlingException", 1L));
    }

    @Test
    void internalServerErrorWithoutRetriesIsA500() {
        front().inject(FaultRule.on("GetItem").respond(ServiceError.dynamoDbInternalServerError()).times(1));

        assertThatThrownBy(() -> dynamoDbNoRetry.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("x")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
                });
    }

    @Test
    void aLostResponseAfterAWriteLeavesTheItemWritten() {
        front().inject(FaultRule.on("PutItem").dropResponse().times(1));

        assertThatThrownBy(() -> dynamoDbNoRetry.putItem(b -> b.tableName(TABLE)
                .item(Map.of("id", AttributeValue.fromS("e"), "v", AttributeValue.fromS("five")))))
                .isInstanceOf(SdkClientException.class);

        assertThat(get("e")).isEqualTo("five");
        assertThat(front().injectedByKind()).isEqualTo(Map.of("drop-response", 1L));
    }

    @Test
    void aSeededProbabilityReplaysTheSameFaultsAndCountsThem() {
        put("p", "seeded");
        front().reset();
        double probability = 0.3;
        long seed = 20_261_201L;
        int calls = 40;
        front().inject(FaultRule.on("GetItem").reset().withProbability(probability, seed));

        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            try {
                dynamoDbNoRetry.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("p"))));
                failed.add(false);
            } catch (SdkClientException e) {
                failed.add(true);
            }
        }

        // The same draws a fresh Random(seed) makes: a POST with a body is never resent by HttpURLConnection.
        Random replay = new Random(seed);
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            expected.add(replay.nextDouble() < probability);
        }
        long resets = expected.stream().filter(f -> f).count();
        assertThat(failed).isEqualTo(expected);
        assertThat(resets).isBetween(1L, calls - 1L);
        assertThat(front().injectedByKind()).isEqualTo(Map.of("reset", resets));
        assertThat(front().requests()).isEqualTo(calls);
    }

    private static void put(String id, String value) {
        dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(value))));
    }

    private static String get(String id) {
        return dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true))
                .item().get("v").s();
    }
}
