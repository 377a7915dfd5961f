package io.omicsdropzone.local.standins.faults;

import io.omicsdropzone.local.standins.StandIns;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Real stand-ins with their fault fronts, and SDK v2 clients (url-connection, as the function uses) pointed at the
 * fronts. Clients use the SDK's standard retry strategy with 3 attempts; only the backoff is shortened so the tests
 * stay fast — which errors are retried is the SDK's own decision.
 */
abstract class FaultFrontTestBase {

    static final int ATTEMPTS = 3;
    protected static StandIns standIns;

    @BeforeAll
    static void startStandIns() {
        standIns = StandIns.start();
    }

    @AfterAll
    static void stopStandIns() {
        standIns.close();
    }

    /** Each test starts with pass-through fronts and zeroed counters (set-up calls in @BeforeAll count too). */
    @BeforeEach
    void passEverythingThroughAgain() {
        standIns.resetFaults();
    }

    static RetryStrategy standardRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(ATTEMPTS)
                .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(20)))
                .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(20)))
                .circuitBreakerEnabled(false)
                .build();
    }

    static Consumer<ClientOverrideConfiguration.Builder> retries(RetryStrategy strategy) {
        return o -> o.retryStrategy(strategy).apiCallAttemptTimeout(Duration.ofSeconds(10)).apiCallTimeout(Duration.ofSeconds(30));
    }

    static S3Client s3(Consumer<ClientOverrideConfiguration.Builder> override) {
        return S3Client.builder().endpointOverride(standIns.s3Endpoint()).forcePathStyle(true)
                .region(Region.of(standIns.region()))
                .credentialsProvider(StaticCredentialsProvider.create(standIns.credentials()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(override)
                .build();
    }

    static DynamoDbClient dynamoDb(Consumer<ClientOverrideConfiguration.Builder> override) {
        return DynamoDbClient.builder().endpointOverride(standIns.dynamoDbEndpoint())
                .region(Region.of(standIns.region()))
                .credentialsProvider(StaticCredentialsProvider.create(standIns.credentials()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(override)
                .build();
    }

    static SnsClient sns(Consumer<ClientOverrideConfiguration.Builder> override) {
        return SnsClient.builder().endpointOverride(standIns.snsEndpoint())
                .region(Region.of(standIns.region()))
                .credentialsProvider(StaticCredentialsProvider.create(standIns.credentials()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(override)
                .build();
    }
}
