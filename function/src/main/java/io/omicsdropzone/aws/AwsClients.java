package io.omicsdropzone.aws;

import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.preflight.WorkflowCatalog;
import io.omicsdropzone.omics.OmicsEndpoint;
import io.omicsdropzone.omics.SignedHttpRunBatchApi;
import io.omicsdropzone.omics.SignedHttpWorkflowCatalog;
import io.omicsdropzone.signed.SignedLambdaInvoke;
import io.omicsdropzone.signed.SignedSqsQueue;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The composition root for AWS clients: the only place that calls {@code XxxClient.builder()}. Built once per
 * process (Lambda init or CLI start) and shared; every client uses one url-connection HTTP client, whose kept-alive
 * connections per host are sized to the input checks' concurrency ({@link KeepAliveConnections}).
 */
public final class AwsClients implements AutoCloseable {

    /** Standard-mode attempts for HealthOmics (the SDK default for standard mode). */
    public static final int OMICS_MAX_ATTEMPTS = 3;

    private final SdkHttpClient http;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbEnhancedClient enhanced;
    private final SnsClient sns;
    private final RunBatchApi omics;
    private final WorkflowCatalog workflows;
    /** Built on first use: only the reconciler invokes Lambda and only the operator's redrive reads SQS. */
    private final Lazy<SignedLambdaInvoke> lambda;
    private final Lazy<SignedSqsQueue> sqs;

    private AwsClients(SdkHttpClient http, S3Client s3, DynamoDbClient dynamoDb, SnsClient sns, RunBatchApi omics,
                       WorkflowCatalog workflows, Supplier<SignedLambdaInvoke> lambda, Supplier<SignedSqsQueue> sqs) {
        this.workflows = workflows;
        this.http = http;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
        this.sns = sns;
        this.omics = omics;
        this.lambda = new Lazy<>(lambda);
        this.sqs = new Lazy<>(sqs);
    }

    /**
     * Region, credentials and endpoints from the SDK's standard chains ({@code AWS_REGION}, profiles, container
     * credentials, {@code AWS_ENDPOINT_URL_<SERVICE>} …). An S3 endpoint override implies path-style addressing,
     * since local and S3-compatible servers rarely resolve bucket subdomains.
     */
    public static AwsClients fromStandardChain(Map<String, String> environment, Properties systemProperties) {
        KeepAliveConnections.apply(environment, systemProperties);
        SdkHttpClient http = httpClient();
        Region region = new DefaultAwsRegionProviderChain().getRegion();
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        Map<String, String> properties = systemProperties.stringPropertyNames().stream()
                .collect(Collectors.toMap(name -> name, systemProperties::getProperty));
        boolean s3Overridden = isSet(environment.get("AWS_ENDPOINT_URL_S3")) || isSet(environment.get("AWS_ENDPOINT_URL"))
                || isSet(properties.get("aws.endpointUrlS3")) || isSet(properties.get("aws.endpointUrl"));
        S3Client s3 = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .forcePathStyle(s3Overridden).build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).region(region)
                .credentialsProvider(credentials).overrideConfiguration(callTimeouts()).build();
        SnsClient sns = SnsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(callTimeouts()).build();
        URI omicsEndpoint = OmicsEndpoint.resolve(environment, properties, region.id());
        RunBatchApi omics = new SignedHttpRunBatchApi(http, credentials, region.id(), omicsEndpoint,
                SignedHttpRunBatchApi.standardRetryStrategy(OMICS_MAX_ATTEMPTS));
        WorkflowCatalog workflows = new SignedHttpWorkflowCatalog(http, credentials, region.id(), omicsEndpoint,
                SignedHttpRunBatchApi.standardRetryStrategy(OMICS_MAX_ATTEMPTS));
        return new AwsClients(http, s3, dynamoDb, sns, omics, workflows,
                () -> new SignedLambdaInvoke(http, credentials, region.id(),
                        ServiceEndpoint.resolve(environment, properties, region.id(), "LAMBDA", "lambda")),
                () -> new SignedSqsQueue(http, credentials, region.id(),
                        ServiceEndpoint.resolve(environment, properties, region.id(), "SQS", "sqs")));
    }

    /** Explicit endpoints, for the local runner and tests that start stand-ins in-process. */
    public static AwsClients forEndpoints(Region region, AwsCredentialsProvider credentials, URI s3Endpoint,
                                          URI dynamoDbEndpoint, URI snsEndpoint, URI omicsEndpoint) {
        return forEndpoints(region, credentials, s3Endpoint, dynamoDbEndpoint, snsEndpoint, omicsEndpoint, null, null);
    }

    /** As above, with Lambda and SQS endpoints too (null: not used by the caller). */
    public static AwsClients forEndpoints(Region region, AwsCredentialsProvider credentials, URI s3Endpoint,
                                          URI dynamoDbEndpoint, URI snsEndpoint, URI omicsEndpoint,
                                          URI lambdaEndpoint, URI sqsEndpoint) {
        SdkHttpClient http = httpClient();
        S3Client s3 = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .endpointOverride(s3Endpoint).forcePathStyle(true).build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).region(region)
                .credentialsProvider(credentials).endpointOverride(dynamoDbEndpoint)
                .overrideConfiguration(callTimeouts()).build();
        SnsClient sns = SnsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .endpointOverride(snsEndpoint).overrideConfiguration(callTimeouts()).build();
        RunBatchApi omics = new SignedHttpRunBatchApi(http, credentials, region.id(), omicsEndpoint,
                SignedHttpRunBatchApi.standardRetryStrategy(OMICS_MAX_ATTEMPTS));
        WorkflowCatalog workflows = new SignedHttpWorkflowCatalog(http, credentials, region.id(), omicsEndpoint,
                SignedHttpRunBatchApi.standardRetryStrategy(OMICS_MAX_ATTEMPTS));
        return new AwsClients(http, s3, dynamoDb, sns, omics, workflows,
                () -> new SignedLambdaInvoke(http, credentials, region.id(),
                        ServiceEndpoint.withoutTrailingSlash(required(lambdaEndpoint, "Lambda"))),
                () -> new SignedSqsQueue(http, credentials, region.id(),
                        ServiceEndpoint.withoutTrailingSlash(required(sqsEndpoint, "SQS"))));
    }

    private static URI required(URI endpoint, String service) {
        if (endpoint == null) {
            throw new IllegalStateException("no " + service + " endpoint was given to AwsClients.forEndpoints");
        }
        return endpoint;
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** API call timeouts are off by default; a hung call must not eat the whole Lambda timeout. */
    private static ClientOverrideConfiguration callTimeouts() {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofSeconds(5))
                .apiCallTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    public S3Client s3() {
        return s3;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public DynamoDbEnhancedClient enhanced() {
        return enhanced;
    }

    public SnsClient sns() {
        return sns;
    }

    public RunBatchApi omics() {
        return omics;
    }

    /** GetWorkflow / GetWorkflowVersion, for pre-flight. */
    public WorkflowCatalog workflows() {
        return workflows;
    }

    /** Lambda Invoke (Event), signed by hand: the reconciler's resume. */
    public SignedLambdaInvoke lambda() {
        return lambda.get();
    }

    /** SQS Receive/DeleteMessage, signed by hand: the operator's {@code redrive-failures}. */
    public SignedSqsQueue sqs() {
        return sqs.get();
    }

    @Override
    public void close() {
        s3.close();
        dynamoDb.close();
        sns.close();
        http.close();
    }

    /** A client built once, on first use, by whichever thread asks first. */
    private static final class Lazy<T> {
        private final Supplier<T> factory;
        private T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        synchronized T get() {
            if (value == null) {
                value = factory.get();
            }
            return value;
        }

        synchronized void ifBuilt(java.util.function.Consumer<T> action) {
            if (value != null) {
                action.accept(value);
            }
        }
    }
}
