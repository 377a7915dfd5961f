package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbLocalServerTest {

    private static DynamoDbLocalServer server;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.start();
        dynamoDb = client(server, StandIns.CREDENTIALS.accessKeyId(), StandIns.REGION);
        dynamoDb.createTable(b -> b.tableName("drops")
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
        server.close();
    }

    @Test
    void endpointIsLoopback() {
        assertThat(server.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void storesAndReadsItemsWithTheRealEngine() {
        dynamoDb.putItem(b -> b.tableName("drops").item(Map.of(
                "pk", AttributeValue.fromS("DROP#a"), "runs", AttributeValue.fromN("3"))));

        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName("drops")
                .key(Map.of("pk", AttributeValue.fromS("DROP#a"))).consistentRead(true)).item();

        assertThat(item).containsEntry("runs", AttributeValue.fromN("3"));
    }

    @Test
    void evaluatesConditionExpressions() {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("DROP#once"));
        dynamoDb.putItem(b -> b.tableName("drops").item(item).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> dynamoDb.putItem(b -> b.tableName("drops").item(item)
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void sharesOneDatabaseWhateverTheKeysOrRegion() {
        try (DynamoDbClient other = client(server, "AKIAOTHERKEY", "eu-west-1")) {
            assertThat(other.listTables().tableNames()).contains("drops");
        }
    }

    @Test
    void closeIsIdempotentAndStopsListening() {
        DynamoDbLocalServer another = DynamoDbLocalServer.start();

        another.close();
        another.close();

        try (DynamoDbClient client = client(another, StandIns.CREDENTIALS.accessKeyId(), StandIns.REGION)) {
            assertThatThrownBy(client::listTables).isInstanceOf(SdkClientException.class);
        }
    }

    private static DynamoDbClient client(DynamoDbLocalServer server, String accessKeyId, String region) {
        return DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
