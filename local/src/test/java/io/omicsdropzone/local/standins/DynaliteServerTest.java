package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** dynalite through the SDK's DynamoDbClient: the DynamoDB behaviour the repository relies on, and process hygiene. */
class DynaliteServerTest {

    private static final String TABLE = "drops";
    private static final String OPEN_INDEX = "open";

    private static DynaliteServer server;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() {
        server = DynaliteServer.start();
        dynamoDb = client(server, StandIns.CREDENTIALS.accessKeyId(), StandIns.REGION);
        // The shape of the real drops table: a partition key plus a sparse GSI on an attribute only open items carry.
        dynamoDb.createTable(b -> b.tableName(TABLE)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("openFlag").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName(OPEN_INDEX)
                        .keySchema(k -> k.attributeName("openFlag").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
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
    void tableAndIndexAreActiveAtOnceWithTheStandInsAccountInTheArn() {
        var table = dynamoDb.describeTable(b -> b.tableName(TABLE)).table();

        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.globalSecondaryIndexes()).singleElement()
                .satisfies(index -> assertThat(index.indexName()).isEqualTo(OPEN_INDEX));
        assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/" + TABLE);
    }

    @Test
    void storesAndReadsItems() {
        dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of(
                "pk", AttributeValue.fromS("DROP#a"), "runs", AttributeValue.fromN("3"))));

        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(TABLE)
                .key(Map.of("pk", AttributeValue.fromS("DROP#a"))).consistentRead(true)).item();

        assertThat(item).containsEntry("runs", AttributeValue.fromN("3"));
    }

    @Test
    void refusesAConditionalPutWithConditionalCheckFailed() {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("DROP#once"));
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(pk)"));

        // The type is the contract; dynalite's message text is not DynamoDB's, so it is not asserted.
        assertThatThrownBy(() -> dynamoDb.putItem(b -> b.tableName(TABLE).item(item)
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void sparseIndexHoldsOnlyItemsWithTheIndexKey() {
        dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of(
                "pk", AttributeValue.fromS("SPARSE#open"), "openFlag", AttributeValue.fromS("OPEN"))));
        dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("SPARSE#closed"))));
        // Leaving the index: REMOVE the key attribute, as the repository does when a batch is settled.
        dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of(
                "pk", AttributeValue.fromS("SPARSE#settled"), "openFlag", AttributeValue.fromS("OPEN"))));
        dynamoDb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("SPARSE#settled")))
                .updateExpression("REMOVE openFlag"));

        List<Map<String, AttributeValue>> open = dynamoDb.query(b -> b.tableName(TABLE).indexName(OPEN_INDEX)
                .keyConditionExpression("openFlag = :open")
                .expressionAttributeValues(Map.of(":open", AttributeValue.fromS("OPEN")))).items();

        assertThat(open).extracting(item -> item.get("pk").s()).containsExactly("SPARSE#open");
    }

    @Test
    void sharesOneDatabaseWhateverTheKeysOrRegion() {
        try (DynamoDbClient other = client(server, "AKIAOTHERKEY", "eu-west-1")) {
            assertThat(other.listTables().tableNames()).contains(TABLE);
        }
    }

    @Test
    void closeStopsNodeAndItsDescendantsAndIsIdempotent() throws Exception {
        DynaliteServer another = DynaliteServer.start();
        List<ProcessHandle> processes = new ArrayList<>(another.process().descendants().toList());
        processes.add(another.process());
        assertThat(processes).allMatch(ProcessHandle::isAlive);

        another.close();
        another.close();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        try (DynamoDbClient client = client(another, StandIns.CREDENTIALS.accessKeyId(), StandIns.REGION)) {
            assertThatThrownBy(client::listTables).isInstanceOf(SdkClientException.class);
        }
    }

    /** Simulates a JVM killed outright (no shutdown hook runs): its node child must notice the closed pipe and go. */
    @Test
    void nodeExitsWhenItsJvmIsKilled() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DynaliteHolder.class.getName())
                .redirectErrorStream(true).start();
        ProcessHandle node = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the holder JVM's first line").startsWith(DynaliteHolder.PID);
            node = ProcessHandle.of(Long.parseLong(line.substring(DynaliteHolder.PID.length()))).orElseThrow();
            assertThat(node.isAlive()).isTrue();

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            jvm.waitFor(30, TimeUnit.SECONDS);
            node.onExit().get(30, TimeUnit.SECONDS); // bounded: a TimeoutException fails the test

            assertThat(node.isAlive()).isFalse();
        } finally {
            jvm.destroyForcibly();
            if (node != null) {
                node.destroyForcibly(); // never leave one behind, even when the test fails
            }
        }
    }

    @Test
    void nodeOlderThan20IsRefusedWithOneMessageSayingWhatToInstall() {
        assertThatThrownBy(() -> NodeRuntime.checkVersion("node", "v18.19.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Node.js 20 or later is needed for the DynamoDB stand-in (dynalite); found "
                        + "'v18.19.0' from 'node'");
        assertThatThrownBy(() -> NodeRuntime.checkVersion("/no/such/node", null))
                .hasMessageContaining("Node.js 20 or later is needed").hasMessageContaining("/no/such/node");
    }

    @Test
    void node20AndLaterAreAccepted() {
        NodeRuntime.checkVersion("node", "v20.0.0");
        NodeRuntime.checkVersion("node", "v22.11.0");
    }

    @Test
    void missingDynaliteSaysToRunNpmCi(@TempDir Path empty) {
        assertThatThrownBy(() -> NodeRuntime.dynaliteModule(null, empty))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("npm ci");
        assertThatThrownBy(() -> NodeRuntime.dynaliteModule(empty.toString(), Path.of(".")))
                .hasMessageContaining("npm ci");
    }

    @Test
    void findsDynaliteFromASubdirectoryOfTheRepository() {
        Path fromHere = NodeRuntime.dynaliteModule(null, Path.of(""));

        assertThat(fromHere.resolve("package.json")).isRegularFile();
        assertThat(NodeRuntime.dynaliteModule(null, fromHere.resolve("lib"))).isEqualTo(fromHere);
    }

    private static DynamoDbClient client(DynaliteServer server, String accessKeyId, String region) {
        return DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
