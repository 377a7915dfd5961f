package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class LambdaEndpointTest {

    private static final String FUNCTION = "omics-dropzone-submit";
    private static final String ALIAS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:omics-dropzone-submit:live";
    private static final String S3_EVENT = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
            + "\"s3\":{\"bucket\":{\"name\":\"dropzone\"},\"object\":{\"key\":\"runs/a%20b.json\",\"size\":12}}}]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LambdaEndpoint endpoint;
    private static LambdaClient lambda;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> deliveryThreads = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        endpoint = LambdaEndpoint.start();
        lambda = client(StandIns.CREDENTIALS);
    }

    @AfterAll
    static void stop() {
        lambda.close();
        endpoint.close();
    }

    @BeforeEach
    void registerTheSubmitFunction() {
        endpoint.clear();
        endpoint.asyncRetries(2);
        endpoint.register(ALIAS_ARN, payload -> {
            delivered.add(payload);
            deliveryThreads.add(Thread.currentThread().getName());
            return "{\"handled\":true}";
        });
    }

    @Test
    void anEventInvocationOfTheAliasAnswers202AndDeliversThePayloadToTheHandlerInTheBackground() throws Exception {
        InvokeResponse response = lambda.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(S3_EVENT)));

        assertThat(endpoint.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.payload().asByteArray()).isEmpty();
        assertThat(delivered).containsExactly(S3_EVENT);
        assertThat(deliveryThreads).singleElement().asString().startsWith("lambda-execution-"); // not the caller's
        assertThat(endpoint.invocations()).singleElement().satisfies(invocation -> {
            assertThat(invocation.functionName()).isEqualTo(FUNCTION);
            assertThat(invocation.qualifier()).isEqualTo("live");
            assertThat(invocation.invocationType()).isEqualTo("Event");
            assertThat(invocation.payload()).isEqualTo(S3_EVENT);
            assertThat(invocation.status()).isEqualTo(202);
            assertThat(invocation.receivedAt()).isNotNull();
        });
    }

    @Test
    void theQualifierParameterSelectsTheAliasToo() throws Exception {
        lambda.invoke(b -> b.functionName(FUNCTION).qualifier("live").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));

        assertThat(endpoint.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(delivered).containsExactly("{}");
        assertThat(endpoint.invocations()).extracting(LambdaEndpoint.Invocation::qualifier).containsExactly("live");
    }

    @Test
    void aRequestResponseInvocationAnswersTheHandlerResult() {
        InvokeResponse response = lambda.invoke(b -> b.functionName(ALIAS_ARN).payload(SdkBytes.fromUtf8String(S3_EVENT)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.payload().asUtf8String()).isEqualTo("{\"handled\":true}");
        assertThat(delivered).containsExactly(S3_EVENT);
    }

    @Test
    void aThrowingHandlerIsAnUnhandledFunctionErrorWithItsMessage() throws Exception {
        endpoint.register("always-failing", payload -> {
            throw new IllegalStateException("settings file is not JSON");
        });

        InvokeResponse response = lambda.invoke(b -> b.functionName("always-failing").payload(SdkBytes.fromUtf8String("{}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asUtf8String());
        assertThat(error.path("errorMessage").asText()).isEqualTo("settings file is not JSON");
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aDryRunAnswers204WithoutRunningTheHandler() {
        InvokeResponse response = lambda.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.DRY_RUN));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(delivered).isEmpty();
    }

    @Test
    void unknownFunctionsAndUnregisteredAliasesAreNotFound() {
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("no-such-function").invocationType(InvocationType.EVENT)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Function not found: arn:aws:lambda:us-east-1:123456789012:function:no-such-function");
                });
        // Only the alias was registered: $LATEST of the same name is another target.
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(FUNCTION).invocationType(InvocationType.EVENT)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(ALIAS_ARN.replace("us-east-1", "eu-west-1"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(endpoint.invocations()).extracting(LambdaEndpoint.Invocation::status).containsExactly(404, 404, 404);
        assertThat(delivered).isEmpty();
    }

    @Test
    void conflictingQualifiersAreInvalid() {
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(ALIAS_ARN).qualifier("other")))
                .isInstanceOfSatisfying(LambdaException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValueException"));
    }

    @Test
    void eventPayloadsOverOneMegabyteAreTooLarge() {
        String big = "{\"pad\":\"" + "x".repeat(LambdaEndpoint.MAX_EVENT_PAYLOAD) + "\"}";

        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(big))))
                .isInstanceOfSatisfying(RequestTooLargeException.class, e -> assertThat(e.statusCode()).isEqualTo(413));
        assertThat(delivered).isEmpty();
    }

    @Test
    void payloadsThatAreNotJsonAreInvalidRequestContent() {
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{not json"))))
                .isInstanceOfSatisfying(InvalidRequestContentException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void aThrottledInvokeIsRetriedByTheSdkAndThenAccepted() throws Exception {
        endpoint.throttleNext(1);

        InvokeResponse response = lambda.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(S3_EVENT)));

        assertThat(endpoint.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(endpoint.invocations()).extracting(LambdaEndpoint.Invocation::status).containsExactly(429, 202);
        assertThat(delivered).containsExactly(S3_EVENT);
    }

    @Test
    void throttlingBeyondTheSdkAttemptsSurfacesAsTooManyRequests() {
        endpoint.throttleNext(10);

        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(S3_EVENT))))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
        assertThat(endpoint.invocations()).hasSize(3);
        assertThat(delivered).isEmpty();
    }

    @Test
    void anAsyncInvocationThatFailsEveryAttemptLeavesAnInvocationRecordOnTheOnFailureQueue() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        endpoint.register(ALIAS_ARN, payload -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("DynamoDB unavailable");
        });
        try (SqsEndpoint sqsEndpoint = SqsEndpoint.start();
             SqsClient sqs = SqsClient.builder().endpointOverride(sqsEndpoint.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(StandIns.CREDENTIALS))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            String queueUrl = sqsEndpoint.createQueue("omics-dropzone-submit-failures");
            endpoint.onFailure(ALIAS_ARN, sqsEndpoint, queueUrl);

            lambda.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String(S3_EVENT)));
            assertThat(endpoint.awaitIdle(Duration.ofSeconds(10))).isTrue();

            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            assertThat(attempts).hasValue(3);
            assertThat(messages).hasSize(1);
            JsonNode record = JSON.readTree(messages.get(0).body());
            assertThat(record.path("version").asText()).isEqualTo("1.0");
            assertThat(record.path("timestamp").asText()).isNotEmpty();
            assertThat(record.at("/requestContext/functionArn").asText()).isEqualTo(ALIAS_ARN);
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
            assertThat(record.path("requestPayload")).isEqualTo(JSON.readTree(S3_EVENT));
            assertThat(record.at("/responseContext/statusCode").asInt()).isEqualTo(200);
            assertThat(record.at("/responseContext/executedVersion").asText()).isEqualTo("$LATEST");
            assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
            assertThat(record.at("/responsePayload/errorMessage").asText()).isEqualTo("DynamoDB unavailable");
        }
    }

    @Test
    void requestsSignedWithAnotherSecretAreForbidden() {
        try (LambdaClient wrong = client(AwsBasicCredentials.create(StandIns.CREDENTIALS.accessKeyId(), "wrong"))) {
            assertThatThrownBy(() -> wrong.invoke(b -> b.functionName(ALIAS_ARN).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String(S3_EVENT))))
                    .isInstanceOfSatisfying(LambdaException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
        assertThat(delivered).isEmpty();
    }

    private static LambdaClient client(AwsCredentials credentials) {
        return LambdaClient.builder()
                .endpointOverride(URI.create(endpoint.endpoint().toString()))
                .region(Region.of(StandIns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }
}
