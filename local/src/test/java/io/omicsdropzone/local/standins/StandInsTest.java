package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

class StandInsTest {

    private static StandIns standIns;
    private static Duration startup;

    @BeforeAll
    static void start() {
        long started = System.nanoTime();
        standIns = StandIns.start();
        startup = Duration.ofNanos(System.nanoTime() - started);
    }

    @AfterAll
    static void stop() {
        standIns.close();
    }

    @Test
    void startsAllFourWithinAFewSeconds() {
        assertThat(startup).isLessThan(Duration.ofSeconds(15));
        assertThat(standIns.dynamoDb().endpoint().getPort()).isPositive();
        assertThat(standIns.s3().endpoint().getPort()).isPositive();
        assertThat(standIns.sns().endpoint().getPort()).isPositive();
        assertThat(standIns.omics().endpoint().getPort()).isPositive();
    }

    @Test
    void environmentNamesRegionKeysAndEveryEndpoint() {
        Map<String, String> env = standIns.environment();

        assertThat(env).containsOnlyKeys("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_S3",
                "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_OMICS", "AWS_ENDPOINT_URL_SQS",
                "AWS_ENDPOINT_URL_LAMBDA");
        assertThat(env).containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_ACCESS_KEY_ID", standIns.credentials().accessKeyId())
                .containsEntry("AWS_SECRET_ACCESS_KEY", standIns.credentials().secretAccessKey())
                .containsEntry("AWS_ENDPOINT_URL_S3", standIns.s3Endpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", standIns.dynamoDbEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_SNS", standIns.snsEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_OMICS", standIns.omics().endpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_SQS", standIns.sqs().endpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_LAMBDA", standIns.lambda().endpoint().toString());
        assertThat(env.values()).filteredOn(value -> value.startsWith("http"))
                .allSatisfy(url -> assertThat(URI.create(url).getHost()).isEqualTo("127.0.0.1"));
        assertThat(standIns.region()).isEqualTo("us-east-1");
        assertThat(standIns.accountId()).isEqualTo("123456789012");
    }

    @Test
    void sdkClientsBuiltFromTheEnvironmentReachEachStandIn() {
        Map<String, String> env = standIns.environment();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(standIns.credentials());
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB")))
                     .region(Region.of(env.get("AWS_REGION"))).credentialsProvider(credentials)
                     .httpClient(UrlConnectionHttpClient.create()).build();
             SnsClient sns = SnsClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SNS")))
                     .region(Region.of(env.get("AWS_REGION"))).credentialsProvider(credentials)
                     .httpClient(UrlConnectionHttpClient.create()).build()) {

            dynamoDb.listTables();
            String topic = sns.createTopic(b -> b.name("stand-ins")).topicArn();
            sns.publish(b -> b.topicArn(topic).message("hello"));

            assertThat(standIns.sns().published()).extracting(SnsEndpoint.PublishedMessage::message).contains("hello");
            assertThat(standIns.dynamoDbFaults().requests()).as("DynamoDB calls through its fault front").isPositive();
            assertThat(standIns.snsFaults().requests()).as("SNS calls through its fault front").isPositive();
        }
    }

    @Test
    void theEmulatorReadsRunSettingsFromTheS3Server() {
        try (S3Client s3 = standIns.s3().newClient(standIns.region());
             SignedHttp omics = new SignedHttp(standIns.omics().endpoint(), SignedHttp.omics(standIns.credentials()))) {
            s3.createBucket(b -> b.bucket("wired"));
            s3.putObject(b -> b.bucket("wired").key("runs.json"),
                    RequestBody.fromString("[{\"runSettingId\":\"a\"},{\"runSettingId\":\"b\"}]"));

            SignedHttp.Reply reply = omics.post("/runBatch", OmicsEmulatorTestBase.s3Request("wired-1", "s3://wired/runs.json"));
            String id = reply.json().path("id").asText();

            assertThat(reply.status()).isEqualTo(201);
            assertThat(standIns.omics().settle(id)).isEqualTo("PROCESSED");
            assertThat(standIns.omics().batch(id).orElseThrow().totalRuns()).isEqualTo(2);
        }
    }

    @Test
    void closeStopsEverythingAndIsIdempotent() {
        StandIns another = StandIns.start();
        Map<String, String> env = another.environment();

        another.close();

        assertThatCode(another::close).doesNotThrowAnyException();
        for (String key : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_OMICS"}) {
            URI endpoint = URI.create(env.get(key));
            assertThat(accepts(endpoint)).as("%s still listening", key).isFalse();
        }
    }

    private static boolean accepts(URI endpoint) {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
